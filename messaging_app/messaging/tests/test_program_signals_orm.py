"""The program's Django-signals_orm-0x04 unit (messaging/), graded on its text:

- a post_save signal notifies the receiver of a new message (messaging/signals.py);
- a pre_save signal keeps a message's old content in MessageHistory before an edit,
  and marks it edited (messaging/signals.py);
- a delete_user view deletes the signed-in account, and a post_delete signal on the
  user takes their messages, notifications and histories with it (messaging/views.py);
- UnreadMessagesManager.unread_for_user(user) lists what the user received and has not
  read, with .only() (messaging/managers.py).

The models are the program's (Message with sender, receiver, content, timestamp,
edited, parent_message and read; Notification; MessageHistory); the field that links a
notification to its user, or a history to its message, is read from the model itself.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from chats.models import User
from django.apps import apps
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import models
from django.template import TemplateDoesNotExist
from django.test import RequestFactory
from django.urls import NoReverseMatch
from tests.support import MakeUser


def model(name: str) -> type[models.Model]:
    return apps.get_model("messaging", name)


def link(owner: type[models.Model], target: type[models.Model]) -> str:
    """The name of `owner`'s foreign key to `target`."""
    for field in owner._meta.get_fields():
        if field.many_to_one and field.related_model is target:
            return field.name
    pytest.fail(f"{owner.__name__} has no foreign key to {target.__name__}")


def send(sender: User, receiver: User, content: str, **fields: Any) -> Any:
    return model("Message").objects.create(
        sender=sender, receiver=receiver, content=content, **fields
    )


def notifications(user: User, message: Any | None = None) -> list[Any]:
    notification, message_model = model("Notification"), model("Message")
    found = notification.objects.filter(**{link(notification, User): user})
    if message is not None:
        found = found.filter(**{link(notification, message_model): message})
    return list(found)


def history_of(message: Any) -> list[Any]:
    history = model("MessageHistory")
    return list(history.objects.filter(**{link(history, model("Message")): message}))


def texts(rows: list[Any]) -> set[str]:
    """Every text value of the rows: the old content is among them, whatever its field."""
    return {
        getattr(row, field.attname)
        for row in rows
        for field in row._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    }


@pytest.fixture
def ann(make_user: MakeUser) -> User:
    return make_user(first_name="Ann")


@pytest.fixture
def ben(make_user: MakeUser) -> User:
    return make_user(first_name="Ben")


@pytest.mark.task("signals_orm.notifications")
def test_a_new_message_notifies_its_receiver(ann: User, ben: User) -> None:
    message = send(ann, ben, "Lunch at noon?")

    assert len(notifications(ben, message)) == 1, "no notification for the receiver"
    assert notifications(ann) == [], "the sender was notified of her own message"


@pytest.mark.task("signals_orm.notifications")
def test_an_edit_notifies_nobody_again(ann: User, ben: User) -> None:
    message = send(ann, ben, "Lunch at noon?")
    message.content = "Lunch at one?"
    message.save()

    assert len(notifications(ben)) == 1


@pytest.mark.task("signals_orm.edit_history")
def test_an_edit_keeps_the_old_content_and_marks_the_message_edited(ann: User, ben: User) -> None:
    message = send(ann, ben, "Lunch at noon?")
    assert history_of(message) == []

    message.content = "Lunch at one?"
    message.save()
    message.refresh_from_db()

    assert message.content == "Lunch at one?"
    assert message.edited is True, "the edited message is not marked edited"
    rows = history_of(message)
    assert len(rows) == 1, f"{len(rows)} history rows after one edit"
    assert "Lunch at noon?" in texts(rows), "the old content is not in the history"


@pytest.mark.task("signals_orm.edit_history")
def test_each_edit_is_kept_and_a_save_without_change_is_not_one(ann: User, ben: User) -> None:
    message = send(ann, ben, "one")
    for content in ("two", "two", "three"):
        message.content = content
        message.save()

    assert texts(history_of(message)) >= {"one", "two"}
    assert len(history_of(message)) == 2, "a save that changed nothing was logged as an edit"


def delete_account(user: User) -> Any:
    """messaging.views.delete_user, called as Django calls it for the signed-in user:
    a POST (then a DELETE if POST is refused), with a session and messages storage."""
    views = importlib.import_module("messaging.views")
    delete_user = getattr(views, "delete_user", None)
    assert delete_user is not None, "messaging/views.py has no delete_user view"
    response = None
    for method in ("post", "delete"):
        request = getattr(RequestFactory(), method)("/delete-account/")
        request.user = user
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        request._dont_enforce_csrf_checks = True
        try:
            response = delete_user(request)
        except (NoReverseMatch, TemplateDoesNotExist):
            return None  # deleted, then sent to a page of the learner's own project
        if getattr(response, "status_code", 200) != 405:
            return response
    return response


@pytest.mark.task("signals_orm.delete_user")
def test_deleting_an_account_takes_the_users_data_with_it(make_user: MakeUser) -> None:
    ann, ben, cid = make_user(first_name="Ann"), make_user(first_name="Ben"), make_user()
    to_ben, to_ann = send(ann, ben, "hi Ben"), send(ben, ann, "hi Ann")
    between_others = send(ben, cid, "hi Cid")
    to_ben.content = "hello Ben"
    to_ben.save()

    delete_account(ann)

    assert not User.objects.filter(pk=ann.pk).exists(), "the account is still there"
    gone = model("Message").objects.filter(pk__in=[to_ben.pk, to_ann.pk])
    assert not gone.exists(), "messages the user sent or received are still there"
    assert notifications(ben, to_ben) == []
    assert history_of(to_ben) == []
    assert model("Message").objects.filter(pk=between_others.pk).exists()
    assert len(notifications(cid, between_others)) == 1, "other people's data went too"


@pytest.mark.task("signals_orm.unread")
def test_unread_for_user_lists_what_the_user_received_and_has_not_read(
    ann: User, ben: User
) -> None:
    unread = send(ben, ann, "unread")
    send(ben, ann, "already read", read=True)
    send(ann, ben, "sent by Ann")

    found = model("Message").unread.unread_for_user(ann)

    assert [message.pk for message in found] == [unread.pk]


@pytest.mark.task("signals_orm.unread")
def test_unread_for_user_loads_only_some_fields(ann: User, ben: User) -> None:
    send(ben, ann, "unread")

    found = model("Message").unread.unread_for_user(ann)

    fields, deferred = found.query.deferred_loading
    assert fields, "no .only() on the query: it loads every field"
    assert deferred is False, "the fields are chosen with .defer(), not .only()"
