"""`python manage.py demo [--port 8000] [--chapa-port 8001]`: the whole site in one
process, offline, until Ctrl-C.

It migrates and seeds the database (and makes a demo admin), then starts, in threads of
this process: the fake Chapa (fakes/chapa.py), a Celery worker with its beat
scheduler (config/celery.py), and a threaded WSGI server for the site, the API and the
admin. The payment settings are pointed at the fake and at this server, so the checkout
round trip and its webhook stay on 127.0.0.1.

On the embedded defaults that is SQLite, local memory and the memory:// broker; with
DATABASE_URL, REDIS_URL and CELERY_BROKER_URL set, the same on MySQL, Redis and RabbitMQ
(the worker is still this process's: it shares the settings that point at the fake).
"""

from __future__ import annotations

import contextlib
import errno
import secrets
import signal
from types import FrameType
from typing import Any

from accounts.models import User
from bookings.management.commands.seed import DEMO_PASSWORD
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.servers.basehttp import (
    ThreadedWSGIServer,
    WSGIRequestHandler,
    get_internal_wsgi_application,
)
from django.db import connection
from kombu.utils.url import maybe_sanitize_url

from web.management.commands.fake_chapa import fake_chapa_class

HOST = "127.0.0.1"  # the demo is for this machine only
ADMIN_EMAIL = "admin@demo.travel"


class Command(BaseCommand):
    help = "Run the site offline: migrate, seed, the fake Chapa, a Celery worker, the server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="the site (0: a free port)")
        parser.add_argument(
            "--chapa-port", type=int, default=8001, help="the fake Chapa (0: a free port)"
        )
        parser.add_argument("--listings", type=int, default=40, help="listings to seed")

    def handle(
        self, *args: Any, port: int, chapa_port: int, listings: int, **options: Any
    ) -> None:
        for name, value in (("--port", port), ("--chapa-port", chapa_port)):
            if not 0 <= value <= 65535:
                raise CommandError(f"{name} must be a port number (0 to 65535), got {value}")
        server = bind_server(port)  # first: a busy port stops the demo before any work
        stop_on_signals()
        try:
            with contextlib.ExitStack() as running:
                running.callback(server.server_close)
                self.prepare(listings)
                site = f"http://{HOST}:{server.server_address[1]}"
                running.enter_context(self.fake_chapa(site, chapa_port))
                running.enter_context(self.worker())
                self.announce(site)
                server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass  # Ctrl-C (or SIGTERM): the ExitStack has stopped everything in turn
        self.stdout.write("demo stopped")

    def prepare(self, listings: int) -> None:
        """The tables, the seed's demo data, and an admin to sign in to /admin/ with."""
        database = settings.DATABASES["default"]
        self.stdout.write(f"database: {connection.vendor} {database['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed", listings=listings, stdout=self.stdout)
        if not User.objects.filter(email=ADMIN_EMAIL).exists():
            User.objects.create_superuser(
                ADMIN_EMAIL, DEMO_PASSWORD, first_name="Admin", last_name="Demo"
            )
        self.stdout.write(f"  admin {ADMIN_EMAIL}")

    @contextlib.contextmanager
    def fake_chapa(self, site: str, port: int) -> Any:
        """The fake gateway, and the payment settings pointed at it and at this site."""
        fake_class = fake_chapa_class()  # before any setting changes: fakes/ may be absent
        # Keys of this run's own: a real CHAPA_SECRET_KEY in the environment is never sent.
        settings.CHAPA_SECRET_KEY = f"CHASECK_TEST-demo-{secrets.token_hex(8)}"
        settings.CHAPA_WEBHOOK_SECRET = secrets.token_hex(16)
        webhook_url = f"{site}/api/payments/webhook/"
        try:
            fake = fake_class(port=port, webhook_url=webhook_url)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            fake = fake_class(port=0, webhook_url=webhook_url)  # 8001 taken: any free one
        settings.SITE_URL = site
        settings.CHAPA_BASE_URL = fake.url
        settings.CHAPA_WEBHOOK_URL = settings.CHAPA_CALLBACK_URL = webhook_url
        settings.CHAPA_RETURN_URL = f"{site}/payments/return/"
        fake.start()
        self.stdout.write(f"fake Chapa: {fake.url} (its checkout pages have Pay and Cancel)")
        try:
            yield fake
        finally:
            fake.stop()

    @contextlib.contextmanager
    def worker(self) -> Any:
        from config.celery import start_worker_thread

        worker = start_worker_thread(beat=True)  # beat: unpaid bookings released
        broker = maybe_sanitize_url(settings.CELERY_BROKER_URL)  # no password printed
        self.stdout.write(f"Celery worker and beat: in this process, broker {broker}")
        try:
            yield worker
        finally:
            worker.stop()

    def announce(self, site: str) -> None:
        mail = (
            f"sent by SMTP to {settings.EMAIL_HOST}"
            if settings.EMAIL_HOST
            else "printed here (console backend)"
        )
        for line in (
            "",
            f"The site:    {site}/",
            f"Swagger UI:  {site}/api/v1/docs/",
            f"The admin:   {site}/admin/",
            f"Demo accounts, password {DEMO_PASSWORD}: guest1@demo.travel (guest), "
            f"host1@demo.travel (host), {ADMIN_EMAIL} (admin)",
            f"E-mails are {mail}.",
            "Ctrl-C stops everything.",
            "",
        ):
            self.stdout.write(line)
        self.stdout.flush()


def bind_server(port: int) -> ThreadedWSGIServer:
    """The site, the API and the admin with their static files, one thread a request."""
    try:
        server = ThreadedWSGIServer((HOST, port), WSGIRequestHandler, allow_reuse_address=True)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CommandError(f"port {port} is in use: choose another with --port") from error
        raise
    server.set_app(StaticFilesHandler(get_internal_wsgi_application()))
    return server


def stop_on_signals() -> None:
    """Ctrl-C (SIGINT) and `kill` (SIGTERM) stop the demo cleanly, through
    KeyboardInterrupt; also when started from a script that ignores SIGINT, as shells do
    for background jobs."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
