"""A small JSON API: the board of messages, and its moderation.

Who may do what is decided in two places on purpose: the views check that a poster is
signed in, and RolepermissionMiddleware lets only moderators and admins delete a message
or reach /api/moderation/ (settings.ROLE_PROTECTED_ACTIONS), so those views never see a
guest. The views check the
request and shape the answer; they read through chats/selectors.py and write through
chats/services.py.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from chats import selectors, services
from chats.errors import allow, error
from chats.models import MESSAGE_MAX_LENGTH

PAGE_SIZE = 50


@allow("GET", "POST")
def messages(request: HttpRequest) -> HttpResponse:
    """GET: the newest messages, public. POST {"body": "..."}: post one, signed in."""
    if request.method == "GET":
        newest = selectors.newest_messages(PAGE_SIZE)
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
    message = services.post_message(sender=request.user, body=body)
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
    everything = selectors.all_messages()
    return JsonResponse(
        {"results": [{**m.as_json(), "sender_email": m.sender.email} for m in everything]}
    )


@allow("DELETE")
def message(request: HttpRequest, message_id: int) -> HttpResponse:
    """DELETE: remove a message, for moderators and admins only."""
    if not services.delete_message(message_id=message_id):
        raise Http404("no such message")  # answered by chats.errors.not_found
    return HttpResponse(status=204)
