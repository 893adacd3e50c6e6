#!/usr/bin/env python3
import datetime

from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

transport = RequestsHTTPTransport(url="http://localhost:8000/graphql", verify=True, retries=3)
client = Client(transport=transport, fetch_schema_from_transport=True)

week_ago = (datetime.datetime.now() - datetime.timedelta(days=7)).isoformat()

query = gql(
    """
    query RecentOrders {
      allOrders {
        edges {
          node {
            id
            orderDate
            customer { email }
          }
        }
      }
    }
    """
)

result = client.execute(query)  # TODO: only the orders since week_ago

with open("/tmp/order_reminders_log.txt", "a") as log:
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    for edge in result["allOrders"]["edges"]:
        order = edge["node"]
        log.write(f"{now} - Order ID: {order['id']}, Customer Email: {order['customer']['email']}\n")

print("Order reminders processed!")
