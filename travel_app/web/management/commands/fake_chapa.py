"""python manage.py fake_chapa [--port 8001] [--webhook-url URL]: the fake Chapa alone,
with this project's keys, until Ctrl-C. Point CHAPA_BASE_URL at the URL it prints.

The fake lives in fakes/, which the production image leaves out: it is imported when a
command runs, so that the image starts without it and says why the command cannot run."""

from __future__ import annotations

import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

if TYPE_CHECKING:
    from fakes.chapa import FakeChapa


def fake_chapa_class() -> type[FakeChapa]:
    """FakeChapa, or a CommandError where fakes/ is absent (the production image)."""
    try:
        from fakes.chapa import FakeChapa
    except ModuleNotFoundError as missing:
        if missing.name != "fakes":
            raise
        raise CommandError(
            "the fake Chapa is for development: fakes/ is not here (the image leaves it out)"
        ) from missing
    return FakeChapa


class Command(BaseCommand):
    help = "Run a fake Chapa (test mode) on 127.0.0.1 with this project's keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8001, help="0 picks a free port")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--webhook-url",
            default=settings.CHAPA_WEBHOOK_URL,
            help="where Pay and Cancel post the signed webhook (default: %(default)s)",
        )

    def handle(self, *args: Any, port: int, host: str, webhook_url: str, **options: Any) -> None:
        fake_chapa = fake_chapa_class()
        # Ctrl-C and SIGTERM (kill, a process manager) both stop it cleanly, also when it
        # was started from a script that ignores SIGINT (shells do for background jobs, and
        # the ignoring is inherited): a handler set here replaces the inherited one.
        for stop in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop, lambda *_: sys.exit(0))
        fake = fake_chapa(host=host, port=port, webhook_url=webhook_url).start()
        self.stdout.write(f"fake Chapa listening on {fake.url}, webhooks to {webhook_url}")
        self.stdout.write(f"use it with: CHAPA_BASE_URL={fake.url}   (Ctrl-C or SIGTERM stops it)")
        self.stdout.flush()
        try:
            threading.Event().wait()
        finally:
            fake.stop()
