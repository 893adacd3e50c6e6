"""A small SMTP server on 127.0.0.1 (or the address given) standing in for the mail
server, which is outside the machine: Django's real SMTP backend talks to it
(EMAIL_HOST=127.0.0.1, EMAIL_PORT=its port).

    server = FakeSMTP().start()
    server.fail_next(2)       # the next 2 messages are refused: 451, try again later
    server.refuse_all = True  # an outage: every message refused (451) until set back
    server.delay = 1.0        # seconds before accepting each message
    server.hold()             # clients stop at DATA, before the 354; `held` is set
    server.release()          # ...and go on (a client gone meanwhile sends nothing)
    ...
    server.messages           # what it accepted, as email.message.EmailMessage
    server.wait_until(lambda: len(server.messages) == 5, "5 messages")
    server.stop()

A message whose DATA ends before its final "." (the client went away) is not received:
it is counted in `cut_off`, as a real server drops it.

It speaks what smtplib sends without TLS or login: EHLO/HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT.
"""

from __future__ import annotations

import contextlib
import socketserver
import threading
import time
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        # A client that goes away (its process stopped) needs no answer.
        with contextlib.suppress(ConnectionError):
            self.converse()

    def converse(self) -> None:
        self.reply("220 fake-smtp ready")
        while line := self.rfile.readline(1024):
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 fake-smtp")
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                self.reply("250 OK")
            elif verb == "DATA":
                self.server.owner.wait_at_gate()
                data = self.take_data()
                if data is None:
                    self.server.owner.cut_off_message()
                    return
                self.reply(self.server.owner.receive(data))
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def take_data(self) -> bytes | None:
        """The message after a 354, or None if the client went away before its end."""
        try:
            self.reply("354 End data with <CR><LF>.<CR><LF>")
            return self.read_data()
        except ConnectionError:
            return None

    def read_data(self) -> bytes | None:
        lines = []
        while (line := self.rfile.readline()) not in {b".\r\n", b".\n"}:
            if not line:
                return None  # the connection closed before the final ".": no message
            lines.append(line[1:] if line.startswith(b"..") else line)  # dot-stuffing
        return b"".join(lines)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FakeSMTP


class FakeSMTP:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refused = 0  # messages answered 451
        self.cut_off = 0  # DATA sections that ended before their final "."
        self.delay = 0.0
        self.refuse_all = False  # an outage: every message answered 451 while True
        self.held = threading.Event()  # a client waits at the gate (see hold)
        self._gate = threading.Event()
        self._gate.set()
        self._fail = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server: _Server | None = None

    def start(self, port: int = 0, host: str = "127.0.0.1") -> FakeSMTP:
        """Listen on `host` (a free port unless one is given): 127.0.0.1 for the tests,
        the Docker bridge's gateway for containers (tools/containers/smokes/travel_app.py)."""
        self._server = _Server((host, port), _Session)
        self._server.owner = self
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    @property
    def port(self) -> int:
        assert self._server is not None, "not started"
        return int(self._server.server_address[1])

    def stop(self) -> None:
        self.release()  # no session left waiting at the gate
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def fail_next(self, count: int) -> None:
        """Refuse the next `count` messages with a temporary error (451)."""
        with self._lock:
            self._fail = count

    def hold(self) -> None:
        """Stop every client that sends DATA before its 354, until release(): a worker
        can be killed while it sends. `held` is set once a client waits there."""
        self.held.clear()
        self._gate.clear()

    def release(self) -> None:
        """Let the held clients go on; one gone meanwhile sends nothing."""
        self._gate.set()
        self.held.clear()

    def wait_at_gate(self) -> None:
        if not self._gate.is_set():
            self.held.set()
            self._gate.wait()

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        """Until `condition()` holds, checked now and after each message received, refused
        or cut off; the timeout bounds a client that never comes."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"fake SMTP: still waiting for {what} after {timeout} s"
                self._changed.wait(remaining)

    def cut_off_message(self) -> None:
        with self._changed:
            self.cut_off += 1
            self._changed.notify_all()

    def receive(self, data: bytes) -> str:
        """The reply to a message's DATA."""
        time.sleep(self.delay)
        with self._changed:
            self._changed.notify_all()  # on leaving the block, whatever the answer
            refuse = self.refuse_all or self._fail > 0
            if not self.refuse_all and self._fail:
                self._fail -= 1  # an outage does not use up the refusals asked for
            if refuse:
                self.refused += 1
                return "451 4.3.0 Try again later"
            # Lines end in CRLF on the wire; in Python, \n.
            message = BytesParser(policy=policy.default).parsebytes(data.replace(b"\r\n", b"\n"))
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK: queued"
