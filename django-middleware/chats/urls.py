from django.urls import path

from chats import views

urlpatterns = [
    path("api/messages/", views.messages, name="messages"),
    path("api/moderation/messages/", views.moderation_messages, name="moderation-messages"),
    path(
        "api/moderation/messages/<int:message_id>/",
        views.moderation_message,
        name="moderation-message",
    ),
]
