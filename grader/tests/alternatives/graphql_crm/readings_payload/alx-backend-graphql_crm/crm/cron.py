import datetime
import logging

import requests

logger = logging.getLogger(__name__)
URL = "http://localhost:8000/graphql"


def _post(query):
    response = requests.post(URL, json={"query": query}, timeout=10)
    response.raise_for_status()
    return response.json()


def log_crm_heartbeat():
    """Append 'DD/MM/YYYY-HH:MM:SS CRM is alive' to /tmp/crm_heartbeat_log.txt."""
    now = datetime.datetime.now()
    message = f"{now:%d/%m/%Y-%H:%M:%S} CRM is alive"
    try:
        if _post("{ hello }").get("data", {}).get("hello"):
            message += " (GraphQL OK)"
    except requests.RequestException as error:
        logger.warning("hello query failed: %s", error)
    with open("/tmp/crm_heartbeat_log.txt", "a", encoding="utf-8") as log:
        print(message, file=log)


def update_low_stock():
    data = _post(
        "mutation { updateLowStockProducts { products { name stock } message } }"
    )["data"]["updateLowStockProducts"]
    now = datetime.datetime.now()
    with open("/tmp/low_stock_updates_log.txt", "a", encoding="utf-8") as log:
        for product in data["products"]:
            print(f"{now:%Y-%m-%d %H:%M:%S} {product['name']}: {product['stock']}", file=log)
        print(f"{now:%Y-%m-%d %H:%M:%S} {data['message']}", file=log)
