"""A small JSON API: the board of messages, and its moderation.

Who may do what is decided in two places on purpose: the views check that a poster is
signed in, and RolepermissionMiddleware guards /api/moderation/ as a whole (see
settings.ROLE_PROTECTED_PATHS), so these views never see a guest.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404

from chats.errors import allow, error
from chats.models import MESSAGE_MAX_LENGTH, Message

PAGE_SIZE = 50


@allow("GET", "POST")
def messages(request: HttpRequest) -> HttpResponse:
    """GET: the newest messages, public. POST {"body": "..."}: post one, signed in."""
    if request.method == "GET":
        newest = Message.objects.select_related("sender")[:PAGE_SIZE]
        return JsonResponse({"results": [message.as_json() for message in newest]})
    if not request.user.is_authenticated:
        return error(401, "sign in to post a message")
    if request.content_type != "application/json":
        # Only a body declared as JSON is checked by config.security (depth, surrogates)
        # before it gets here: parsing any other as JSON would skip those checks.
        return error(415, "send the message as application/json", "Content-Type")
    body, problem = message_body(request.body)
    if problem:
        return error(400, problem, "body")
    message = Message.objects.create(sender=request.user, body=body)
    return JsonResponse(message.as_json(), status=201)


def message_body(raw: bytes) -> tuple[str, str]:
    """The message text from a JSON request body, or ("", why it is not acceptable)."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "", "the request body must be a JSON object"
    body = data.get("body") if isinstance(data, dict) else None
    if not isinstance(body, str) or not body.strip():
        return "", "body must be a non-empty string"
    if len(body) > MESSAGE_MAX_LENGTH:
        return "", f"body must be at most {MESSAGE_MAX_LENGTH} characters"
    if "\x00" in body:  # PostgreSQL refuses it in text: a 500 there, not a message
        return "", "body must not contain the NUL character"
    return body.strip(), ""


@allow("GET")
def moderation_messages(request: HttpRequest) -> HttpResponse:
    """Every message with its sender's email: for moderators and admins only."""
    everything = Message.objects.select_related("sender")
    return JsonResponse(
        {"results": [{**m.as_json(), "sender_email": m.sender.email} for m in everything]}
    )


@allow("DELETE")
def moderation_message(request: HttpRequest, message_id: int) -> HttpResponse:
    get_object_or_404(Message, pk=message_id).delete()
    return HttpResponse(status=204)
