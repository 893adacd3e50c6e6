"""messaging_app: two people sign up, Alice gets a token, starts a conversation with Bob and
writes to him; Bob, with a token of his own, finds the message unread. After `down` and
`up`, Bob signs in again and the message is still there (MySQL's volume)."""

from __future__ import annotations

from typing import Any

from tools.containers.smokes import Smoke, web_json
from tools.containers.stack import Stack, StackError

ALICE = {"email": "alice@example.com", "password": "a-long-pass-phrase"}
BOB = {"email": "bob@example.com", "password": "another-pass-phrase"}
MESSAGE = "Hi Bob, lunch at noon?"


def call(stack: Stack, path: str, payload: object = None, token: str = "") -> Any:
    """The JSON answer of a request that must succeed (2xx)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    status, answer = web_json(stack, path, payload, headers)
    if not 200 <= status < 300:
        raise StackError(f"{path} answered {status}: {answer}")
    return answer


def token(stack: Stack, person: dict[str, str]) -> str:
    return str(call(stack, "/api/token/", person)["access"])


def sign_up_and_write(stack: Stack) -> None:
    call(stack, "/api/auth/register/", {**ALICE, "first_name": "Alice", "last_name": "Smith"})
    bob = call(stack, "/api/auth/register/", {**BOB, "first_name": "Bob", "last_name": "Jones"})
    alice_token = token(stack, ALICE)
    conversation = call(
        stack, "/api/conversations/", {"participant_ids": [bob["user_id"]]}, alice_token
    )
    messages = f"/api/conversations/{conversation['conversation_id']}/messages/"
    call(stack, messages, {"message_body": MESSAGE}, alice_token)
    bob_reads_it(stack)


def bob_reads_it(stack: Stack) -> None:
    unread = call(stack, "/api/messages/unread/", token=token(stack, BOB))["results"]
    if [message["message_body"] for message in unread] != [MESSAGE]:
        raise StackError(f"Bob's unread messages are {unread}, not Alice's one")


SMOKE = Smoke(run=sign_up_and_write, persisted=bob_reads_it)
