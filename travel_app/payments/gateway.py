"""The Chapa client: initialize a hosted checkout, verify a transaction.

Every call has a connect and a read timeout. A refused connection, a connect timeout or
a 5xx is retried with exponential back-off (the gateway may be restarting); a 4xx is
not (asking again gets the same refusal), and neither is a read timeout (a slow gateway
does not get faster by being asked again while a person waits). The secret key goes in
the Authorization header only: no log line, exception or repr holds it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings

logger = logging.getLogger(__name__)


class GatewayError(Exception):
    """The gateway could not do what was asked; `message` is safe to show and log."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class GatewayUnavailable(GatewayError):
    """Down, slow, a 5xx after the retries, or an answer we cannot read."""


class GatewayRefused(GatewayError):
    """A 4xx: the gateway understood and said no (bad key, bad field, unknown reference)."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True)
class Checkout:
    checkout_url: str
    reference: str  # Chapa's own reference, when it gives one at this step


@dataclass(frozen=True)
class Verification:
    status: str  # Chapa's word: "success", "pending", "failed", ...
    amount: Decimal
    currency: str
    reference: str
    tx_ref: str


class ChapaClient:
    def __init__(
        self,
        *,
        base_url: str,
        secret_key: str,
        timeout: tuple[float, float] = (3.05, 10.0),
        retries: int = 2,
        backoff: float = 0.5,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._secret_key = secret_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    @classmethod
    def from_settings(cls) -> ChapaClient:
        return cls(
            base_url=settings.CHAPA_BASE_URL,
            secret_key=settings.CHAPA_SECRET_KEY,
            timeout=(settings.CHAPA_CONNECT_TIMEOUT, settings.CHAPA_READ_TIMEOUT),
            retries=settings.CHAPA_RETRIES,
            backoff=settings.CHAPA_BACKOFF_SECONDS,
        )

    def __repr__(self) -> str:
        return f"ChapaClient(base_url={self.base_url!r})"

    def initialize(self, payload: Mapping[str, Any]) -> Checkout:
        """POST /v1/transaction/initialize: the hosted checkout page for one tx_ref."""
        body = self._request("POST", "/v1/transaction/initialize", payload)
        data = body.get("data")
        url = data.get("checkout_url") if isinstance(data, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise GatewayUnavailable("The payment service answered without a checkout link.")
        return Checkout(checkout_url=url, reference=str(data.get("reference") or ""))

    def verify(self, tx_ref: str) -> Verification:
        """GET /v1/transaction/verify/{tx_ref}: what the gateway knows of the transaction."""
        body = self._request("GET", f"/v1/transaction/verify/{quote(tx_ref, safe='')}")
        data = body.get("data")
        if not isinstance(data, dict):
            raise GatewayUnavailable("The payment service answered without transaction details.")
        try:
            amount = Decimal(str(data.get("amount")))
        except InvalidOperation:
            raise GatewayUnavailable(
                "The payment service answered with no readable amount."
            ) from None
        if not amount.is_finite():
            raise GatewayUnavailable("The payment service answered with no readable amount.")
        answered_for = str(data.get("tx_ref") or tx_ref)
        if answered_for != tx_ref:
            raise GatewayUnavailable("The payment service answered about another transaction.")
        return Verification(
            status=str(data.get("status") or "").lower(),
            amount=amount,
            currency=str(data.get("currency") or "").upper(),
            reference=str(data.get("reference") or ""),
            tx_ref=answered_for,
        )

    def _request(
        self, method: str, path: str, payload: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self._secret_key}", "Accept": "application/json"}
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                delay = self.backoff * 2 ** (attempt - 1)
                logger.warning(
                    "Chapa %s %s: %s; attempt %d of %d in %.2f s",
                    method,
                    path,
                    problem,
                    attempt + 1,
                    self.retries + 1,
                    delay,
                )
                time.sleep(delay)
            try:
                response = requests.request(
                    method,
                    self.base_url + path,
                    json=payload,
                    headers=headers,
                    timeout=self.timeout,
                    allow_redirects=False,
                )
            except requests.ConnectionError:  # refused, reset, DNS, connect timeout
                problem = "could not connect"
                continue
            except requests.Timeout:
                logger.warning("Chapa %s %s: no answer within %s s", method, path, self.timeout[1])
                raise GatewayUnavailable(
                    f"The payment service did not answer within {self.timeout[1]:g} seconds."
                ) from None
            except requests.RequestException as error:
                message = self._safe(f"The payment service failed: {error}")
                raise GatewayUnavailable(message) from None
            if response.status_code >= 500:
                problem = f"answered {response.status_code}"
                continue
            body = _json_object(response)
            if response.status_code >= 400:
                message = self._safe(_message(body) or response.reason or "refused")
                logger.warning(
                    "Chapa %s %s: refused (%d) %s", method, path, response.status_code, message
                )
                raise GatewayRefused(response.status_code, message)
            if body is None or response.status_code != 200:
                raise GatewayUnavailable("The payment service gave an answer we cannot read.")
            logger.info("Chapa %s %s: %d", method, path, response.status_code)
            return body
        logger.error("Chapa %s %s: %s after %d attempts", method, path, problem, self.retries + 1)
        raise GatewayUnavailable(
            f"The payment service is unavailable ({problem}, {self.retries + 1} attempts)."
        )

    def _safe(self, text: str) -> str:
        """A gateway message as we log or show it: short, and never holding the key (a
        confused server might echo the header back)."""
        if self._secret_key:
            text = text.replace(self._secret_key, "[secret]")
        return text[:200]


def _json_object(response: requests.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _message(body: dict[str, Any] | None) -> str:
    """Chapa's `message`: a sentence, or {field: [sentences]} for a refused field."""
    message = (body or {}).get("message")
    if isinstance(message, dict):
        return "; ".join(
            f"{field}: {' '.join(map(str, errors)) if isinstance(errors, list) else errors}"
            for field, errors in message.items()
        )
    return str(message) if message else ""
