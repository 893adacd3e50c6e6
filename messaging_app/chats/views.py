"""The API's views: thin, each a selector for what the caller may see and a service for
what it changes."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chats import cache, filters, selectors, services
from chats.models import Conversation, Message, Notification, User
from chats.notification_filters import NotificationFilter
from chats.permissions import IsParticipantOfConversation
from chats.program import filterset_of
from chats.serializers import (
    ConversationSerializer,
    MessageEditSerializer,
    MessageHistorySerializer,
    MessageSerializer,
    NotificationSerializer,
    ThreadSerializer,
    UnreadMessageSerializer,
    UserSerializer,
    thread_tree,
)

COUNT = inline_serializer("Count", {"updated": serializers.IntegerField()})
# The program's filter on messages, whatever chats/filters.py names it (chats/program.py).
MessageFilter = filterset_of(filters, Message)


def parse_uuid(value: str) -> uuid.UUID:
    """A UUID from the URL, in its one canonical form (cache keys depend on it); 404 if
    it is not one."""
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise NotFound from error


def caller(request: Request) -> User:
    """The signed-in user (the permission classes have already refused anyone else)."""
    assert isinstance(request.user, User)
    return request.user


class ConversationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Conversation],
):
    """The caller's conversations, newest first, each with its participants and last message."""

    queryset = Conversation.objects.none()  # the model, for the schema; see get_queryset
    serializer_class = ConversationSerializer
    # The nested router names the parent's id "conversation_" + this: conversation_id.
    lookup_url_kwarg = "id"
    permission_classes = (IsParticipantOfConversation,)

    def get_queryset(self) -> QuerySet[Conversation]:
        return selectors.conversations_for(caller(self.request))

    def perform_create(self, serializer: ConversationSerializer) -> None:  # type: ignore[override]
        conversation = services.conversation_create(
            creator=caller(self.request),
            participant_ids=serializer.validated_data["participant_ids"],
        )
        serializer.instance = self.get_queryset().get(pk=conversation.pk)


class ConversationMessageViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Message]
):
    """A conversation's messages, newest first, 20 a page; post one (a reply names its
    `parent_message`). Pages are cached per user for MESSAGE_LIST_CACHE_SECONDS and
    dropped by any write to the conversation."""

    queryset = Message.objects.none()
    serializer_class = MessageSerializer
    permission_classes = (IsParticipantOfConversation,)
    filterset_class = MessageFilter

    def conversation(self) -> Conversation:
        """The conversation in the URL, if the caller takes part in it; else 404."""
        if not hasattr(self, "_conversation"):
            mine = Conversation.objects.filter(participants=caller(self.request))
            self._conversation = get_object_or_404(mine, pk=self.kwargs["conversation_id"])
        return self._conversation

    def get_queryset(self) -> QuerySet[Message]:
        return selectors.messages_in_conversation(self.conversation(), caller(self.request))

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if "conversation_id" in self.kwargs and self.request.user.is_authenticated:
            context["conversation"] = self.conversation()
        return context

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A cached page skips even the membership check: it was stored under this user's
        id after that check passed, and any change of participants drops it."""
        conversation_id = parse_uuid(self.kwargs["conversation_id"])
        key = cache.page_key(conversation_id, request)
        page = cache.cached_page(key)
        if page is None:
            page = super().list(request, *args, **kwargs).data
            cache.store_page(key, page)
        return Response(page)

    def perform_create(self, serializer: MessageSerializer) -> None:  # type: ignore[override]
        serializer.instance = services.message_send(
            conversation=self.conversation(),
            sender=caller(self.request),
            body=serializer.validated_data["message_body"],
            parent=serializer.validated_data.get("parent_message"),
        )


@extend_schema_view(
    update=extend_schema(responses=MessageSerializer),
    partial_update=extend_schema(responses=MessageSerializer),
)
class MessageViewSet(
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Message],
):
    """One message: read it, edit or delete it (its sender only), its thread and history."""

    queryset = Message.objects.none()
    permission_classes = (IsParticipantOfConversation,)

    def get_queryset(self) -> QuerySet[Message]:
        return selectors.messages_visible_to(caller(self.request))

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action in {"update", "partial_update"}:
            return MessageEditSerializer
        if self.action == "unread":
            return UnreadMessageSerializer
        return MessageSerializer

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        message = self.get_object()
        serializer = self.get_serializer(
            message, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        body = serializer.validated_data.get("message_body", message.message_body)
        message = services.message_edit(message=message, body=body)
        return Response(MessageSerializer(message).data)

    def perform_destroy(self, instance: Message) -> None:
        services.message_delete(message=instance)

    @extend_schema(responses=ThreadSerializer)
    @action(detail=True, methods=["get"])
    def thread(self, request: Request, pk: str | None = None) -> Response:
        """The message and every reply below it, as a tree, in a fixed number of queries."""
        return Response(thread_tree(selectors.message_thread(self.get_object())))

    @extend_schema(responses=MessageHistorySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Earlier versions of the message body, newest first."""
        return Response(MessageHistorySerializer(self.get_object().history.all(), many=True).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """Mark the message (and its notifications) read for the caller."""
        services.message_mark_read(message=self.get_object(), user=caller(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=False, methods=["get"])
    def unread(self, request: Request) -> Response:
        """Messages sent to the caller that they have not read, newest first."""
        unread = Message.unread.unread_for_user(caller(request))
        page = self.paginate_queryset(unread)
        if page is None:  # no pagination class (chats/program.py): the whole list
            return Response(UnreadMessageSerializer(unread, many=True).data)
        return self.get_paginated_response(UnreadMessageSerializer(page, many=True).data)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Notification]):
    """The caller's notifications, newest first; `?read=false` for the unread ones."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.notifications_for(caller(self.request))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = services.notification_mark_read(notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=COUNT)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"updated": services.notifications_mark_all_read(user=caller(request))})


class MeView(APIView):
    """`GET /api/users/me/`: the caller's account; `DELETE`: delete it and what it owns."""

    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(caller(request)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request) -> Response:
        services.user_delete(user=caller(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


HEALTH = inline_serializer("Health", {"status": serializers.CharField()})


class HealthView(APIView):
    """`GET /api/health/`: 200 when the database answers, 503 when it does not (container
    and Kubernetes probes)."""

    permission_classes = (permissions.AllowAny,)
    authentication_classes = ()

    @extend_schema(responses={200: HEALTH, 503: HEALTH})
    def get(self, request: Request) -> Response:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            # An expected state for a probe to read, not a crash (a 500, logged as one).
            return Response(
                {"status": "the database does not answer"},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response({"status": "ok"})
