import logging
from datetime import datetime
from decimal import Decimal

from celery import shared_task
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

logger = logging.getLogger(__name__)

REPORT_QUERY = gql(
    """
    query {
      allCustomers { edges { node { id } } }
      allOrders { edges { node { id totalAmount } } }
    }
    """
)


@shared_task
def generate_crm_report():
    transport = RequestsHTTPTransport(url="http://localhost:8000/graphql", timeout=10)
    client = Client(transport=transport, fetch_schema_from_transport=False)
    data = client.execute(REPORT_QUERY)
    customers = len(data["allCustomers"]["edges"])
    orders = len(data["allOrders"]["edges"])
    revenue = sum(
        (Decimal(edge["node"]["totalAmount"]) for edge in data["allOrders"]["edges"]),
        Decimal("0"),
    )
    line = (
        f"{datetime.now():%Y-%m-%d %H:%M:%S} - Report: "
        f"{customers} customers, {orders} orders, {revenue} revenue"
    )
    with open("/tmp/crm_report_log.txt", "a") as report:
        report.write(line + "\n")
    logger.info(line)
    return line
