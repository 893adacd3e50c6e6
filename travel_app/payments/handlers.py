"""What this app does about the events recorded in the outbox: a webhook Chapa posted is
processed by a worker, off the request (Chapa gets its 200 at once). A gateway that is
down raises: the outbox tries again after its back-off, for about a day."""

from __future__ import annotations

import uuid
from typing import Any

from outbox.services import handles

from payments.webhooks import webhook_process


@handles("webhook_received")
def process_webhook(payload: dict[str, Any]) -> None:
    webhook_process(event_id=uuid.UUID(payload["event_id"]))
