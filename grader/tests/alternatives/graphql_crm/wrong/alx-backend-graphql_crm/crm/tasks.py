from datetime import datetime

import requests
from celery import shared_task

QUERY = """
{
  allCustomers { edges { node { id } } }
  allOrders { edges { node { totalAmount } } }
}
"""


@shared_task
def generate_crm_report():
    response = requests.post("http://localhost:8000/graphql", json={"query": QUERY}, timeout=10)
    data = response.json()["data"]
    customers = len(data["allCustomers"]["edges"])
    orders = data["allOrders"]["edges"]
    revenue = float(orders[-1]["node"]["totalAmount"]) if orders else 0
    timestamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    line = f"{timestamp} - Report: {customers} customers, {len(orders)} orders, {revenue} revenue"
    with open("/tmp/crm_report_log.txt", "a") as f:
        f.write(line + "\n")
