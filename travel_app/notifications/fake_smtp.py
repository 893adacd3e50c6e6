"""A small SMTP server on 127.0.0.1 standing in for the mail server, which is outside the
machine: Django's real SMTP backend talks to it (EMAIL_HOST=127.0.0.1, EMAIL_PORT=its port).

    server = FakeSMTP().start()
    server.fail_next(2)       # the next 2 messages are refused: 451, try again later
    server.delay = 1.0        # seconds before accepting each message
    ...
    server.messages           # what it accepted, as email.message.EmailMessage
    server.stop()

It speaks what smtplib sends without TLS or login: EHLO/HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT.
"""

from __future__ import annotations

import contextlib
import socketserver
import threading
import time
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
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.reply(self.server.owner.receive(self.read_data()))
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in {b".\r\n", b".\n", b""}:
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
        self.delay = 0.0
        self._fail = 0
        self._lock = threading.Lock()
        self._server: _Server | None = None

    def start(self, port: int = 0) -> FakeSMTP:
        """Listen on 127.0.0.1 (a free port unless one is given)."""
        self._server = _Server(("127.0.0.1", port), _Session)
        self._server.owner = self
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    @property
    def port(self) -> int:
        assert self._server is not None, "not started"
        return int(self._server.server_address[1])

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def fail_next(self, count: int) -> None:
        """Refuse the next `count` messages with a temporary error (451)."""
        with self._lock:
            self._fail = count

    def receive(self, data: bytes) -> str:
        """The reply to a message's DATA."""
        time.sleep(self.delay)
        with self._lock:
            if self._fail:
                self._fail -= 1
                self.refused += 1
                return "451 4.3.0 Try again later"
            # Lines end in CRLF on the wire; in Python, \n.
            message = BytesParser(policy=policy.default).parsebytes(data.replace(b"\r\n", b"\n"))
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK: queued"
