"""The fake SMTP server the fault tests use (fakes/smtp.py): what it accepts,
refuses and holds, spoken to by smtplib (as Django's backend does) or by a raw socket
where a client must go away mid-message."""

from __future__ import annotations

import smtplib
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from fakes.smtp import FakeSMTP

# Part of the nothing-lost work: what the fault tests stand on.
pytestmark = pytest.mark.task("extras.outbox")

WAIT = 30  # seconds: a bound for a server that never answers, not a speed check


@pytest.fixture
def server() -> Iterator[FakeSMTP]:
    running = FakeSMTP().start()
    yield running
    running.stop()


def message(subject: str = "Hello") -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "a@example.com", "b@example.com", subject
    mail.set_content("Line one.\n.A line starting with a dot.\n")
    return mail


def send(server: FakeSMTP, subject: str = "Hello") -> None:
    with smtplib.SMTP("127.0.0.1", server.port, timeout=WAIT) as client:
        client.send_message(message(subject))


class RawClient:
    """A client that speaks SMTP line by line and can vanish between any two lines."""

    def __init__(self, server: FakeSMTP) -> None:
        self.socket = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
        self.lines = self.socket.makefile("rb")
        assert self.lines.readline().startswith(b"220")

    def say(self, line: bytes) -> bytes:
        self.socket.sendall(line + b"\r\n")
        return self.lines.readline()

    def up_to_data(self) -> None:
        """EHLO, MAIL, RCPT: the server waits for DATA next."""
        for line in (b"EHLO me", b"MAIL FROM:<a@example.com>", b"RCPT TO:<b@example.com>"):
            assert self.say(line).startswith(b"250")

    def go_away(self) -> None:
        self.lines.close()
        self.socket.close()


def test_a_message_is_received_dot_stuffing_undone(server: FakeSMTP) -> None:
    send(server)
    [received] = server.messages
    assert received["Subject"] == "Hello"
    assert ".A line starting with a dot." in received.get_content()


def test_fail_next_refuses_that_many_messages_with_451(server: FakeSMTP) -> None:
    server.fail_next(1)
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(server, "first")
    assert refused.value.smtp_code == 451
    send(server, "second")
    assert [m["Subject"] for m in server.messages] == ["second"]
    assert server.refused == 1


def test_refuse_all_refuses_every_message_until_set_back(server: FakeSMTP) -> None:
    server.refuse_all = True
    for _ in range(3):
        with pytest.raises(smtplib.SMTPDataError) as refused:
            send(server)
        assert refused.value.smtp_code == 451
    assert server.messages == []

    server.refuse_all = False
    send(server)
    assert (len(server.messages), server.refused) == (1, 3)


def test_a_data_section_cut_off_before_its_final_dot_is_not_a_message(
    server: FakeSMTP,
) -> None:
    client = RawClient(server)
    client.up_to_data()
    assert client.say(b"DATA").startswith(b"354")
    client.socket.sendall(b"Subject: half\r\n\r\nThe first half of the body\r\n")
    client.go_away()  # before the final "."

    server.wait_until(lambda: server.cut_off == 1, "the cut-off message")
    assert server.messages == []
    send(server)  # and the server goes on serving
    assert len(server.messages) == 1


def test_hold_stops_a_client_before_354_until_release(server: FakeSMTP) -> None:
    server.hold()
    sender = threading.Thread(target=send, args=(server, "held"))
    sender.start()
    assert server.held.wait(WAIT), "no client reached the gate"
    assert server.messages == []

    server.release()
    sender.join(WAIT)
    assert not sender.is_alive()
    assert [m["Subject"] for m in server.messages] == ["held"]
    assert not server.held.is_set()


def test_a_client_gone_while_held_sends_nothing(server: FakeSMTP) -> None:
    server.hold()
    client = RawClient(server)
    client.up_to_data()
    client.socket.sendall(b"DATA\r\n")
    assert server.held.wait(WAIT), "the client did not reach the gate"
    client.go_away()  # as a worker killed while it sends

    server.release()
    server.wait_until(lambda: server.cut_off == 1, "the held session to end")
    assert server.messages == []


def test_wait_until_names_what_it_waited_for(server: FakeSMTP) -> None:
    with pytest.raises(AssertionError, match="a message that never comes"):
        server.wait_until(lambda: bool(server.messages), "a message that never comes", 0)
