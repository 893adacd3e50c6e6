"""travel_app: a host lists a place and a guest books it through the API, pays on the
fake Chapa's checkout page, and the worker, handed the webhook over RabbitMQ, confirms the
booking and sends the confirmation e-mail to the fake mail server. After down/up the
booking is still confirmed and its payment completed, read back through the API.

The fakes (travel_app/fakes/, left out of the image) run here on the host, bound to the
Docker bridge's gateway address, which the containers reach through their own network's
gateway; web and worker are pointed at them through their environment.
"""

from __future__ import annotations

import importlib.util
import json
import secrets
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from tools.containers.smokes import Config, Smoke, web_json
from tools.containers.stack import Stack, StackError, http, run

FAKES = Path(__file__).resolve().parents[3] / "travel_app" / "fakes"
PASSWORD = "a-long-pass-phrase"
LISTING = "Loft by the river"
# The worker's round trip: the webhook's task, Chapa asked, the payment settled, then
# the e-mail's task. A bound for a stuck stack, not a speed check.
EMAIL_TIMEOUT_S = 120


@dataclass
class Run:
    """One stack's fakes and what its smoke left behind, for `persisted`."""

    chapa: Any  # fakes.chapa.FakeChapa
    smtp: Any  # fakes.smtp.FakeSMTP
    # The run's own accounts: a stack a crashed run left behind holds the last ones.
    guest: str = field(default_factory=lambda: f"gus-{secrets.token_hex(4)}@example.com")
    booking_id: str = ""
    tx_ref: str = ""


RUNS: dict[str, Run] = {}  # by the stack's project name


def fake(name: str) -> ModuleType:
    """travel_app/fakes/<name>.py, loaded under a name of its own (not `fakes`, which
    another module's smoke could use too)."""
    spec = importlib.util.spec_from_file_location(f"travel_app_fakes_{name}", FAKES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # where dataclasses look its annotations up
    spec.loader.exec_module(module)
    return module


def bridge_gateway() -> str:
    """The host's address on Docker's default bridge (docker0), the gateway of its
    containers: listening there, a fake is reached from the containers and not from other
    machines. Read off the interface: the engine does not always report a Gateway."""
    name_format = '{{index .Options "com.docker.network.bridge.name"}}'
    bridge = run(["docker", "network", "inspect", "bridge", "--format", name_format]).strip()
    [interface] = json.loads(run(["ip", "-json", "-4", "address", "show", "dev", bridge]))
    return str(interface["addr_info"][0]["local"])


@contextmanager
def fakes_on_the_host(stack: Stack, config: Config) -> Iterator[None]:
    gateway = bridge_gateway()
    secret_key = f"CHASECK_TEST-{secrets.token_hex(16)}"
    webhook_secret = secrets.token_hex(16)
    fake_chapa = fake("chapa").FakeChapa
    chapa = fake_chapa(secret_key=secret_key, webhook_secret=webhook_secret, host=gateway).start()
    smtp = fake("smtp").FakeSMTP().start(host=gateway)
    environment = {
        "CHAPA_BASE_URL": chapa.url,
        "CHAPA_SECRET_KEY": secret_key,
        "CHAPA_WEBHOOK_SECRET": webhook_secret,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": gateway,
        "EMAIL_PORT": str(smtp.port),
        # The smoke and the fake's webhook ask the web at its address on the project's
        # network, known only once it runs.
        "ALLOWED_HOSTS": "*",
    }
    for name in ("web", "worker"):
        config["services"][name]["environment"].update(environment)
    RUNS[stack.project] = Run(chapa, smtp)
    try:
        yield
    finally:
        del RUNS[stack.project]
        chapa.stop()
        smtp.stop()


def api(
    stack: Stack, path: str, payload: dict[str, Any] | None = None, token: str = ""
) -> dict[str, Any]:
    """One API request that must succeed (2xx); its JSON answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    status, answer = web_json(stack, path, payload, headers)
    if not 200 <= status < 300:
        raise StackError(f"{path} answered {status}: {answer!r:.300}")
    return dict(answer)


def signed_up(stack: Stack, email: str, role: str) -> str:
    """A new account's access token."""
    names = {"first_name": role.title(), "last_name": "Smoke", "role": role}
    api(stack, "/api/v1/auth/register/", {"email": email, "password": PASSWORD, **names})
    return signed_in(stack, email)


def signed_in(stack: Stack, email: str) -> str:
    return str(api(stack, "/api/v1/token/", {"email": email, "password": PASSWORD})["access"])


def pay_on_checkout(checkout_url: str) -> str:
    """The guest's Pay button on the fake's page: a 303 back to the shop (not followed:
    the return page is the browser's); where it leads."""
    if http(checkout_url)[0] != 200:
        raise StackError(f"the checkout page {checkout_url} did not answer 200")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(urllib.request.Request(f"{checkout_url}/pay", data=b""), timeout=30)
    except urllib.error.HTTPError as answer:
        if answer.code == 303:
            return str(answer.headers["Location"])
        raise StackError(f"Pay answered {answer.code}") from None
    raise StackError("Pay answered without sending the guest back")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the redirect surfaces as an HTTPError with its Location


def book_pay_and_get_the_email(stack: Stack) -> None:
    state = RUNS[stack.project]
    state.chapa.webhook_url = stack.url("web", 8000, "/api/payments/webhook/")
    host = signed_up(stack, f"hana-{state.guest}", "host")
    place = {"description": "Bright.", "location": "Lisbon", "max_guests": 3, "amenities": []}
    listing = api(
        stack, "/api/v1/listings/", {"title": LISTING, "price_per_night": "120.00", **place}, host
    )
    guest = signed_up(stack, state.guest, "guest")
    start = date.today() + timedelta(days=30)
    stay = {"start_date": str(start), "end_date": str(start + timedelta(days=3)), "guests": 2}
    booking = api(stack, "/api/v1/bookings/", {"listing": listing["listing_id"], **stay}, guest)
    state.booking_id = booking["booking_id"]
    payment = api(stack, "/api/v1/payments/initiate/", {"booking": state.booking_id}, guest)
    state.tx_ref = payment["tx_ref"]

    back_to = pay_on_checkout(payment["checkout_url"])
    if state.tx_ref not in back_to or state.chapa.webhooks_sent != [200]:
        raise StackError(f"Pay sent the guest to {back_to}, webhooks: {state.chapa.webhooks_sent}")
    confirmation = the_email(state.smtp, f"Booking confirmed: {LISTING}")
    if confirmation["To"] != state.guest or state.tx_ref not in confirmation.get_content():
        raise StackError(f"the confirmation went to {confirmation['To']}: {confirmation}")
    if "Task outbox.handle" not in stack.logs("worker"):
        raise StackError("the worker's log shows no outbox.handle task")
    confirmed(stack)


def the_email(smtp: Any, subject: str) -> Any:
    """The first message whose subject starts so, woken by each message the fake gets."""

    def found() -> Any:
        return next((m for m in smtp.messages if m["Subject"].startswith(subject)), None)

    smtp.wait_until(lambda: found() is not None, repr(subject), timeout=EMAIL_TIMEOUT_S)
    return found()


def confirmed(stack: Stack) -> None:
    """The booking confirmed and its payment completed, as the guest reads them."""
    state = RUNS[stack.project]
    guest = signed_in(stack, state.guest)
    booking = api(stack, f"/api/v1/bookings/{state.booking_id}/", token=guest)
    payment = api(stack, f"/api/v1/payments/verify/{state.tx_ref}/", token=guest)
    if (booking["status"], payment["status"]) != ("confirmed", "completed"):
        raise StackError(f"booking {booking['status']}, payment {payment['status']}")


SMOKE = Smoke(run=book_pay_and_get_the_email, persisted=confirmed, prepare=fakes_on_the_host)
