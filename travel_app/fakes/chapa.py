"""A fake Chapa on 127.0.0.1, for the tests and the offline demo.

It speaks Chapa's two calls with Chapa's JSON shapes and Bearer key check:

    POST /v1/transaction/initialize
        -> {"message": "Hosted Link", "status": "success", "data": {"checkout_url": ...}}
    GET  /v1/transaction/verify/<tx_ref>
        -> {"message": "Payment details", "status": "success",
            "data": {"status": "pending" | "success" | "failed", "amount", "currency",
                     "tx_ref", "reference", ...}}

and serves the hosted checkout: GET /checkout/<tx_ref> is a page with Pay and Cancel
buttons. Pay marks the transaction paid, posts a signed `charge.success` webhook to
`webhook_url` (x-chapa-signature: hex HMAC-SHA256 of the body with the webhook secret),
then answers 303 to the `return_url` the shop gave; Cancel does the same with `failed`.

Test hooks, attributes of a running FakeChapa: `fail_next` (the next N API requests
answer 500), `delay` (seconds before each API answer), `wrong_amount` / `wrong_currency`
(reported by verify and in webhooks instead of the real ones), `webhook_copies` (how many
times each webhook is sent). `requests` lists the API requests it received.

    fake = FakeChapa(webhook_url="http://127.0.0.1:8000/api/payments/webhook/").start()
    fake.url            # http://127.0.0.1:<free port>
    fake.stop()

`python manage.py fake_chapa --port 8001` (web/management/commands/fake_chapa.py) runs
one alone.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import logging
import re
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

CURRENCIES = ("ETB", "USD")
VERIFY = re.compile(r"^/v1/transaction/verify/(?P<tx_ref>[^/]+)$")
CHECKOUT = re.compile(r"^/checkout/(?P<tx_ref>[^/]+)(?:/(?P<action>pay|cancel))?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Transaction:
    tx_ref: str
    amount: Decimal
    currency: str
    email: str
    first_name: str
    last_name: str
    return_url: str
    callback_url: str = ""
    status: str = "pending"
    reference: str = field(default_factory=lambda: f"APfake{uuid.uuid4().hex[:10]}")
    created_at: str = field(default_factory=lambda: _now())
    updated_at: str = field(default_factory=lambda: _now())


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


class FakeChapa:
    def __init__(
        self,
        *,
        secret_key: str | None = None,
        webhook_secret: str | None = None,
        webhook_url: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.secret_key = settings.CHAPA_SECRET_KEY if secret_key is None else secret_key
        self.webhook_secret = (
            settings.CHAPA_WEBHOOK_SECRET if webhook_secret is None else webhook_secret
        )
        self.webhook_url = webhook_url
        self.transactions: dict[str, Transaction] = {}
        self.requests: list[str] = []
        self.webhooks_sent: list[int | str] = []  # the answers' status codes, or errors
        # Test hooks.
        self.fail_next = 0
        self.delay = 0.0
        self.wrong_amount: Decimal | None = None
        self.wrong_currency: str | None = None
        self.webhook_copies = 1
        self.lock = threading.Lock()
        self._stopping = threading.Event()
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server((host, port), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="fake-chapa", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeChapa:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes delayed answers
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)

    def __enter__(self) -> FakeChapa:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- what the buttons do, callable from tests too ---------------------------------

    def pay(self, tx_ref: str) -> Transaction:
        return self._finish(tx_ref, "success")

    def cancel(self, tx_ref: str) -> Transaction:
        return self._finish(tx_ref, "failed")

    def _finish(self, tx_ref: str, status: str) -> Transaction:
        with self.lock:
            transaction = self.transactions[tx_ref]
            if transaction.status != "pending":
                return transaction  # a second click changes nothing and sends nothing
            transaction.status, transaction.updated_at = status, _now()
        self.send_webhook(tx_ref)
        return transaction

    def send_webhook(self, tx_ref: str, **overrides: Any) -> list[int | str]:
        """Post the transaction's event (`webhook_copies` times); `overrides` change the
        body, e.g. event="charge.failed" for an out-of-order message."""
        if not self.webhook_url:
            return []
        body = json.dumps({**self.event(tx_ref), **overrides}).encode()
        answers = [self._post_webhook(body) for _ in range(self.webhook_copies)]
        with self.lock:
            self.webhooks_sent.extend(answers)
        return answers

    def event(self, tx_ref: str) -> dict[str, Any]:
        """Chapa's transaction event: charge.success, or charge.failed."""
        transaction = self.transactions[tx_ref]
        return {
            "event": "charge.success" if transaction.status == "success" else "charge.failed",
            "first_name": transaction.first_name,
            "last_name": transaction.last_name,
            "email": transaction.email,
            "mobile": None,
            "currency": self.wrong_currency or transaction.currency,
            "amount": str(self.wrong_amount or transaction.amount),
            "charge": str((transaction.amount * Decimal("0.035")).quantize(Decimal("0.01"))),
            "status": transaction.status,
            "mode": "test",
            "reference": transaction.reference,
            "created_at": transaction.created_at,
            "updated_at": transaction.updated_at,
            "type": "API",
            "tx_ref": transaction.tx_ref,
            "payment_method": "test",
            "customization": {"title": "Travel booking", "description": None, "logo": None},
            "meta": None,
        }

    def sign(self, body: bytes) -> str:
        return hmac.new(self.webhook_secret.encode(), body, hashlib.sha256).hexdigest()

    def _post_webhook(self, body: bytes) -> int | str:
        assert self.webhook_url
        request = urllib.request.Request(
            self.webhook_url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "x-chapa-signature": self.sign(body)},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return error.code
        except OSError as error:
            logger.warning("fake Chapa: webhook to %s failed: %s", self.webhook_url, error)
            return f"error: {error}"

    # --- the API --------------------------------------------------------------------------

    def api(self, method: str, path: str, authorization: str, body: bytes) -> tuple[int, Any]:
        """(status, JSON body) for one API request, after the test hooks."""
        with self.lock:
            self.requests.append(f"{method} {path}")
            failing, self.fail_next = self.fail_next > 0, max(0, self.fail_next - 1)
        if failing:
            return 500, {
                "message": "Internal Server Error (fake)",
                "status": "failed",
                "data": None,
            }
        if self.delay:
            self._stopping.wait(self.delay)
        if not self.secret_key or not hmac.compare_digest(
            authorization.encode(), f"Bearer {self.secret_key}".encode()
        ):
            return 401, _failed("Invalid API Key or User doesn't exist")
        if method == "POST" and path == "/v1/transaction/initialize":
            return self._initialize(body)
        verify = VERIFY.match(path)
        if method == "GET" and verify:
            return self._verify(unquote(verify["tx_ref"]))
        return 404, _failed("Not found")

    def _initialize(self, body: bytes) -> tuple[int, Any]:
        try:
            asked = json.loads(body or b"{}")
        except ValueError:
            return 400, _failed("Invalid JSON")
        if not isinstance(asked, dict):
            return 400, _failed("Invalid JSON")
        errors: dict[str, list[str]] = {}
        amount = _amount(asked.get("amount"))
        if amount is None:
            errors["amount"] = ["The amount must be a number greater than zero."]
        currency = str(asked.get("currency") or "")
        if currency not in CURRENCIES:
            errors["currency"] = [f"The currency must be one of {', '.join(CURRENCIES)}."]
        if not EMAIL.match(str(asked.get("email") or "")):
            errors["email"] = ["The email must be a valid email address."]
        tx_ref = str(asked.get("tx_ref") or "")
        if not re.fullmatch(r"[A-Za-z0-9._-]{1,100}", tx_ref):
            errors["tx_ref"] = ["The tx_ref is required: letters, digits, . _ - only."]
        if errors:
            return 400, {"message": errors, "status": "failed", "data": None}
        assert amount is not None
        with self.lock:
            if tx_ref in self.transactions:
                return 400, _failed("Transaction reference has been used before")
            self.transactions[tx_ref] = Transaction(
                tx_ref=tx_ref,
                amount=amount,
                currency=currency,
                email=str(asked["email"]),
                first_name=str(asked.get("first_name") or ""),
                last_name=str(asked.get("last_name") or ""),
                return_url=str(asked.get("return_url") or ""),
                callback_url=str(asked.get("callback_url") or ""),
            )
        checkout_url = f"{self.url}/checkout/{quote(tx_ref)}"
        return 200, {
            "message": "Hosted Link",
            "status": "success",
            "data": {"checkout_url": checkout_url},
        }

    def _verify(self, tx_ref: str) -> tuple[int, Any]:
        transaction = self.transactions.get(tx_ref)
        if transaction is None:
            return 404, _failed("Invalid transaction or Transaction not found")
        event = self.event(tx_ref)
        data = {
            key: event[key]
            for key in (
                "first_name", "last_name", "email", "currency", "status", "mode",
                "reference", "created_at", "updated_at", "type", "tx_ref", "customization",
                "meta",
            )
        }  # fmt: skip
        data.update(amount=float(event["amount"]), charge=float(event["charge"]), method="test")
        return 200, {"message": "Payment details", "status": "success", "data": data}

    # --- the checkout page ----------------------------------------------------------------

    def checkout_page(self, tx_ref: str) -> str:
        transaction = self.transactions[tx_ref]
        due = html.escape(f"{transaction.amount} {transaction.currency}")
        ref = html.escape(quote(tx_ref))
        if transaction.status == "pending":
            actions = (
                f'<form method="post" action="/checkout/{ref}/pay">'
                f'<button type="submit">Pay {due}</button></form>'
                f'<form method="post" action="/checkout/{ref}/cancel">'
                '<button type="submit" class="secondary">Cancel</button></form>'
            )
        else:
            word = "paid" if transaction.status == "success" else "canceled"
            back = html.escape(transaction.return_url, quote=True)
            actions = (
                f'<p role="status">This payment is {word}.</p>'
                f'<p><a href="{back}">Back to the shop</a></p>'
            )
        return PAGE.format(
            due=due,
            email=html.escape(transaction.email),
            tx_ref=html.escape(tx_ref),
            actions=actions,
        )


def _failed(message: str) -> dict[str, Any]:
    return {"message": message, "status": "failed", "data": None}


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount > 0 else None


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pay {due} - Fake Chapa checkout</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; background: #f4f6f4; color: #1b1b1b; }}
main {{ max-width: 28rem; margin: 2rem auto; padding: 1.5rem; background: #fff;
  border-radius: 8px; }}
dt {{ font-weight: 600; }} dd {{ margin: 0 0 .75rem; }}
button {{ font-size: 1rem; padding: .75rem 1.25rem; margin: .25rem 0; width: 100%;
  border: 0; border-radius: 6px; background: #0b6b3a; color: #fff; cursor: pointer; }}
button.secondary {{ background: #fff; color: #0b6b3a; border: 2px solid #0b6b3a; }}
button:focus-visible, a:focus-visible {{ outline: 3px solid #f1a400; outline-offset: 2px; }}
</style>
</head>
<body>
<main>
<h1>Fake Chapa checkout</h1>
<p>Test mode: no money moves.</p>
<dl>
<dt>Amount due</dt><dd>{due}</dd>
<dt>Paid by</dt><dd>{email}</dd>
<dt>Reference</dt><dd>{tx_ref}</dd>
</dl>
{actions}
</main>
</body>
</html>
"""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up on a delayed answer: not worth a traceback on stderr.
        logger.debug("fake Chapa: connection from %s ended early", client_address)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeChapa
    protocol_version = "HTTP/1.1"
    server_version = "FakeChapa/1.0"

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path.startswith("/v1/"):
            status, answer = self.fake.api(
                method, path, self.headers.get("Authorization", ""), body
            )
            self._send(status, json.dumps(answer).encode(), "application/json")
            return
        checkout = CHECKOUT.match(path)
        tx_ref = unquote(checkout["tx_ref"]) if checkout else ""
        if not checkout or tx_ref not in self.fake.transactions:
            self._send(404, b"<!doctype html><title>Not found</title><h1>No such checkout</h1>")
        elif method == "GET" and not checkout["action"]:
            self._send(200, self.fake.checkout_page(tx_ref).encode())
        elif method == "POST" and checkout["action"]:
            done = self.fake.pay if checkout["action"] == "pay" else self.fake.cancel
            self._send(303, b"", location=done(tx_ref).return_url or f"/checkout/{quote(tx_ref)}")
        else:
            self._send(405, b"<!doctype html><title>Method not allowed</title>")

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        location: str = "",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line and status only: never a header (the Bearer key is one).
        logger.debug("fake Chapa: " + format, *args)
