#!/usr/bin/env python3
"""Reminders for the orders of the last 7 days (cron: daily at 8:00)."""

import asyncio
from datetime import datetime, timedelta, timezone

from gql import Client, gql
from gql.transport.aiohttp import AIOHTTPTransport

LOG_FILE = "/tmp/order_reminders_log.txt"

QUERY = gql(
    """
    query ($since: DateTime) {
      allOrders(orderDateGte: $since) {
        edges { node { id customer { email } } }
      }
    }
    """
)


async def main():
    since = datetime.now(timezone.utc) - timedelta(days=7)
    transport = AIOHTTPTransport(url="http://localhost:8000/graphql")
    async with Client(transport=transport) as session:
        result = await session.execute(QUERY, variable_values={"since": since.isoformat()})
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    with open(LOG_FILE, "a") as log:
        for edge in result["allOrders"]["edges"]:
            node = edge["node"]
            log.write(f"[{stamp}] reminder: order {node['id']} -> {node['customer']['email']}\n")
    print("Order reminders processed!")


if __name__ == "__main__":
    asyncio.run(main())
