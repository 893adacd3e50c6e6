from django.urls import path

from chats import views

urlpatterns = [
    path("api/messages/", views.messages, name="messages"),
    path("api/messages/<int:message_id>/", views.message, name="message"),
    path("api/moderation/messages/", views.moderation_messages, name="moderation-messages"),
]
