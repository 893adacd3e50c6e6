"""`python manage.py demo`: run as a person would (a fresh process, free ports, a SQLite
file of the test's own), used over HTTP until a payment's e-mail is printed, then stopped
with Ctrl-C (SIGINT): it must exit 0, having stopped its threads."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.task("demo.command")

MODULE = Path(__file__).resolve().parent.parent
# The demo under test runs on the embedded defaults, whatever this run is configured with.
CONFIGURATION = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_HOST", "DEBUG")
READY = "Ctrl-C stops everything."
STARTUP_SECONDS = 120  # migrations on a fresh file, then the seed: bounds, not speed checks


@dataclass
class Demo:
    process: subprocess.Popen[str]
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    def read_lines(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, pattern: str, seconds: float = STARTUP_SECONDS) -> re.Match[str]:
        """The first line (from now) matching `pattern`; fails on exit or at the deadline."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is None:
                pytest.fail("the demo exited:\n" + "\n".join(self.seen))
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        pytest.fail(f"no line matching {pattern!r} in {seconds} s:\n" + "\n".join(self.seen))


def environment(tmp_path: Path) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if key not in CONFIGURATION}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }


def start(tmp_path: Path, *arguments: str) -> Demo:
    process = subprocess.Popen(
        [sys.executable, "manage.py", "demo", *arguments],
        cwd=MODULE,
        env=environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    demo = Demo(process)
    threading.Thread(target=demo.read_lines, daemon=True).start()
    return demo


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    running = start(tmp_path, "--port", "0", "--chapa-port", "0", "--listings", "5")
    yield running
    if running.process.poll() is None:  # the test failed before stopping it
        running.process.kill()
        running.process.wait(10)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def http(
    url: str, body: dict[str, Any] | bytes | None = None, token: str = ""
) -> tuple[int, str, Any]:
    """(status, Location, body: JSON when it is JSON) for a GET, or a POST of `body`."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if isinstance(body, dict):
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    elif body is not None:
        data = body
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with OPENER.open(request, timeout=30) as answer:
            status, location, text = (
                answer.status,
                answer.headers.get("Location", ""),
                answer.read(),
            )
    except urllib.error.HTTPError as error:
        status, location, text = error.code, error.headers.get("Location", ""), error.read()
    kind = "json" if text[:1] in (b"{", b"[") else "text"
    return status, location or "", json.loads(text) if kind == "json" else text.decode()


def test_the_demo_serves_the_site_pays_through_the_fake_chapa_and_stops_on_ctrl_c(
    demo: Demo,
) -> None:
    site = demo.wait_for(r"The site:\s+(http://127\.0\.0\.1:\d+)/")[1]
    chapa = next(
        re.search(r"fake Chapa: (http://127\.0\.0\.1:\d+)", line)[1]  # type: ignore[index]
        for line in demo.seen
        if line.startswith("fake Chapa:")
    )
    demo.wait_for(re.escape(READY))
    assert any("admin@demo.travel" in line for line in demo.seen)

    status, _, home = http(f"{site}/")
    assert status == 200
    assert "<h1>Find a place to stay</h1>" in home
    for path in ("/api/docs/", "/admin/login/", "/static/web/site.css"):
        assert http(f"{site}{path}")[0] == 200, path

    # A seeded guest books and pays through the API; the checkout is the fake Chapa's.
    _, _, tokens = http(
        f"{site}/api/token/", {"email": "guest1@demo.travel", "password": "demo-pass-2026"}
    )
    token = tokens["access"]
    status, _, _ = http(
        f"{site}/api/token/", {"email": "admin@demo.travel", "password": "demo-pass-2026"}
    )
    assert status == 200, "the demo's admin account"
    _, _, listings = http(f"{site}/api/listings/?ordering=price_per_night")
    start_date = timezone.localdate() + timedelta(days=300)
    status, _, booking = http(
        f"{site}/api/bookings/",
        {
            "listing": listings["results"][0]["listing_id"],
            "start_date": str(start_date),
            "end_date": str(start_date + timedelta(days=2)),
            "guests": 1,
        },
        token,
    )
    assert status == 201, booking
    status, _, payment = http(
        f"{site}/api/payments/initiate/", {"booking": booking["booking_id"]}, token
    )
    assert status == 201, payment
    checkout = payment["checkout_url"]
    assert checkout.startswith(f"{chapa}/checkout/")
    status, _, page = http(checkout)
    assert status == 200
    assert "Fake Chapa checkout" in page

    status, location, _ = http(f"{checkout}/pay", b"")  # the Pay button
    assert status == 303
    assert location == f"{site}/payments/return/?tx_ref={payment['tx_ref']}"
    status, _, verified = http(f"{site}/api/payments/verify/{payment['tx_ref']}/", token=token)
    assert (status, verified["status"]) == (200, "completed")
    # The worker, in the demo's process, prints the e-mail (console backend).
    demo.wait_for(r"^To: guest1@demo\.travel$", seconds=60)

    demo.process.send_signal(signal.SIGINT)
    assert demo.process.wait(timeout=30) == 0, "\n".join(demo.seen)
    demo.wait_for(r"^demo stopped$", seconds=5)


def test_a_busy_port_is_a_clear_error_before_any_work(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "manage.py", "demo", "--port", str(port)],
            cwd=MODULE,
            env=environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert f"port {port} is in use: choose another with --port" in result.stderr
    assert not (tmp_path / "demo.sqlite3").exists(), "nothing migrated or seeded"
