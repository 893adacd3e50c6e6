#!/usr/bin/env python3
"""Logs a reminder line for each order of the last 7 days, asking the API over HTTP.

    GRAPHQL_URL=http://localhost:8000/graphql python crm/cron_jobs/send_order_reminders.py

Each line is `YYYY-MM-DD HH:MM:SS Order <id>: reminder for <customer email>`, appended to
ORDER_REMINDERS_LOG (default /tmp/order_reminders_log.txt). Prints `Order reminders
processed!`; exits 1 with a message when the API does not answer.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project, for crm.*

from crm.graphql_client import ERRORS, graphql
from crm.joblog import append_line
from graphql_relay import from_global_id

RECENT_ORDERS = """query($since: DateTime!, $after: String) {
  allOrders(filter: {orderDateGte: $since}, orderBy: "order_date", first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id customer { email } } }
  }
}"""


def recent_orders(url: str, since: datetime) -> list[dict[str, Any]]:
    """Every order since `since`, page after page."""
    orders, after = [], None
    while True:
        page = graphql(url, RECENT_ORDERS, {"since": since.isoformat(), "after": after})[
            "allOrders"
        ]
        orders += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return orders
        after = page["pageInfo"]["endCursor"]


def main() -> int:
    url = os.environ.get("GRAPHQL_URL", "http://localhost:8000/graphql")
    log = Path(os.environ.get("ORDER_REMINDERS_LOG", "/tmp/order_reminders_log.txt"))
    now = datetime.now(UTC)
    try:
        orders = recent_orders(url, now - timedelta(days=7))
    except ERRORS as error:
        print(f"send_order_reminders: {url} did not answer: {error}", file=sys.stderr)
        return 1
    stamp = now.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    for order in orders:
        order_id = from_global_id(order["id"])[1]
        append_line(log, f"{stamp} Order {order_id}: reminder for {order['customer']['email']}")
    print("Order reminders processed!")
    return 0


if __name__ == "__main__":
    sys.exit(main())
