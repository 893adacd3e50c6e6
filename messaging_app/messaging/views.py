"""The program's views for the unit: delete my account, a thread of replies, my unread
inbox, and a conversation's messages cached for 60 seconds. Plain Django views with
JSON answers, signed in through the session (the admin's sign-in)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_cookie

from messaging.models import Message

View = Callable[..., HttpResponse]


def signed_in(view: View) -> View:
    """401 as JSON for nobody signed in (login_required would redirect to a page)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"error": "sign in first"}, status=401)
        return view(request, *args, **kwargs)

    return guarded


def as_json(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "sender": str(message.sender_id),
        "receiver": str(message.receiver_id),
        "content": message.content,
        "timestamp": message.timestamp.isoformat(),
        "edited": message.edited,
        "parent_message": message.parent_message_id,
    }


@require_http_methods(["POST", "DELETE"])
@signed_in
def delete_user(request: HttpRequest) -> HttpResponse:
    """Delete the signed-in user's account; the post_delete receiver and the cascades
    take their messages, notifications and edit histories with it."""
    request.user.delete()
    return HttpResponse(status=204)


@require_http_methods(["GET"])
@signed_in
def threaded_conversation(request: HttpRequest, message_id: int) -> HttpResponse:
    """A message of mine (sent or received) and every reply below it, nested.

    One query per level of the thread, whatever its width: each level's replies come in
    one query with their senders and receivers joined (select_related) and their own
    replies' ids prefetched (prefetch_related), so the next level is known without a
    query per message."""
    mine = Q(sender=request.user) | Q(receiver=request.user)
    root = get_object_or_404(
        Message.objects.filter(mine).select_related("sender", "receiver"), pk=message_id
    )
    nodes: dict[int, dict[str, Any]] = {root.pk: {**as_json(root), "replies": []}}
    level = [root.pk]
    while level:
        replies = list(
            Message.objects.filter(parent_message_id__in=level)
            .select_related("sender", "receiver")
            .prefetch_related("replies")
            .order_by("timestamp", "id")
        )
        for reply in replies:
            node = {**as_json(reply), "replies": []}
            nodes[reply.pk] = node
            nodes[reply.parent_message_id]["replies"].append(node)
        level = [reply.pk for reply in replies if reply.replies.all()]
    return JsonResponse(nodes[root.pk])


@require_http_methods(["GET"])
@signed_in
def unread_inbox(request: HttpRequest) -> HttpResponse:
    """What I have received and not read, through Message.unread (only its fields)."""
    unread = Message.unread.unread_for_user(request.user)
    return JsonResponse(
        {
            "results": [
                {
                    "id": message.pk,
                    "sender": str(message.sender_id),
                    "content": message.content,
                    "timestamp": message.timestamp.isoformat(),
                }
                for message in unread
            ]
        }
    )


@require_http_methods(["GET"])
@signed_in
@cache_page(60)
@vary_on_cookie
def conversation(request: HttpRequest, user_id: str) -> HttpResponse:
    """The messages between me and another user, oldest first: cached 60 seconds per
    session (Vary: Cookie), so a new message shows within a minute."""
    between = Q(sender=request.user, receiver_id=user_id) | Q(
        sender_id=user_id, receiver=request.user
    )
    messages = Message.objects.filter(between).select_related("sender", "receiver")
    return JsonResponse({"results": [as_json(message) for message in messages]})
