from datetime import datetime

from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

GRAPHQL_ENDPOINT = "http://localhost:8000/graphql"


def log_crm_heartbeat():
    timestamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    with open("/tmp/crm_heartbeat_log.txt", "a") as f:
        f.write(f"{timestamp} CRM is alive\n")
    try:
        transport = RequestsHTTPTransport(url=GRAPHQL_ENDPOINT, verify=True, retries=3)
        client = Client(transport=transport, fetch_schema_from_transport=False)
        client.execute(gql("{ hello }"))
    except Exception as e:
        with open("/tmp/crm_heartbeat_log.txt", "a") as f:
            f.write(f"{timestamp} GraphQL endpoint not responding: {e}\n")


def update_low_stock():
    transport = RequestsHTTPTransport(url=GRAPHQL_ENDPOINT, verify=True, retries=3)
    client = Client(transport=transport, fetch_schema_from_transport=True)
    mutation = gql(
        """
        mutation {
          updateLowStockProducts {
            updatedProducts { name stock }
            success
          }
        }
        """
    )
    result = client.execute(mutation)
    timestamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    with open("/tmp/low_stock_updates_log.txt", "a") as f:
        for product in result["updateLowStockProducts"]["updatedProducts"]:
            f.write(f"[{timestamp}] {product['name']} restocked, new stock: {product['stock']}\n")
