"""The program's pagination (chats/pagination.py): a conversation's messages, 20 a page.

Whatever the class is called and however pages are addressed (?page= or ?offset=), the
test follows each page's `next` link, as a client does, and reads the total from
`count`.
"""

from __future__ import annotations

import pytest
from chats.models import Conversation, User
from tests.factories import send_messages
from tests.paths import messages_url
from tests.support import ClientFor

pytestmark = pytest.mark.task("api.pagination")


def test_forty_five_messages_come_as_pages_of_20_20_and_5(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation
) -> None:
    send_messages(chat, [alice, bob], 45)
    client = client_for(bob)

    pages, url, counts = [], messages_url(chat), set()
    while url and len(pages) < 5:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        assert isinstance(body, dict), "the list is not paginated"
        assert "results" in body, "the list is not paginated"
        pages.append([message["message_body"] for message in body["results"]])
        counts.add(body.get("count"))
        url = body.get("next")

    sizes = [len(page) for page in pages]
    assert sizes == [20, 20, 5], f"pages of {sizes} messages, not 20, 20 and 5"
    assert counts == {45}, f"count says {counts}, not 45"
    seen = [body for page in pages for body in page]
    assert sorted(seen) == sorted(f"m{number}" for number in range(45)), "a message was lost"
