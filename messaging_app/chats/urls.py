"""The API under /api/: routers for the viewsets, a nested router for a conversation's
messages, and the account and token endpoints."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter
from rest_framework_nested.routers import NestedSimpleRouter

from chats.auth import LogoutView, RefreshView, RegisterView, TokenObtainView
from chats.views import (
    ConversationMessageViewSet,
    ConversationViewSet,
    HealthView,
    MessageViewSet,
    MeView,
    NotificationViewSet,
)

router = DefaultRouter()
router.register("conversations", ConversationViewSet, basename="conversation")
router.register("messages", MessageViewSet, basename="message")
router.register("notifications", NotificationViewSet, basename="notification")

conversations = NestedSimpleRouter(router, "conversations", lookup="conversation")
conversations.register("messages", ConversationMessageViewSet, basename="conversation-messages")

urlpatterns = [
    path("", include(router.urls)),
    path("", include(conversations.urls)),
    path("auth/register/", RegisterView.as_view(), name="register"),
    path("token/", TokenObtainView.as_view(), name="token_obtain_pair"),
    path("token/refresh/", RefreshView.as_view(), name="token_refresh"),
    path("auth/logout/", LogoutView.as_view(), name="logout"),
    path("users/me/", MeView.as_view(), name="me"),
    path("health/", HealthView.as_view(), name="health"),
]
