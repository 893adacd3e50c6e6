"""django-crontab jobs (settings.CRONJOBS): a heartbeat, and the low-stock restock."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from crm.graphql_client import ERRORS, graphql
from crm.joblog import append_line

RESTOCK = "mutation { updateLowStockProducts { products { name stock } message } }"


def log_crm_heartbeat() -> None:
    """Every 5 minutes: `DD/MM/YYYY-HH:MM:SS CRM is alive`, once `{ hello }` answered."""
    stamp = timezone.localtime().strftime("%d/%m/%Y-%H:%M:%S")
    try:
        graphql(settings.GRAPHQL_URL, "{ hello }")
    except ERRORS as error:
        append_line(
            settings.HEARTBEAT_LOG, f"{stamp} CRM is alive, but GraphQL did not answer: {error}"
        )
        return
    append_line(settings.HEARTBEAT_LOG, f"{stamp} CRM is alive")


def update_low_stock() -> None:
    """Every 12 hours: the restock mutation over HTTP; each product's new stock logged."""
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
    try:
        result = graphql(settings.GRAPHQL_URL, RESTOCK)["updateLowStockProducts"]
    except ERRORS as error:
        append_line(settings.LOW_STOCK_LOG, f"{stamp} restock failed: {error}")
        return
    for product in result["products"]:
        append_line(
            settings.LOW_STOCK_LOG, f"{stamp} {product['name']}: stock now {product['stock']}"
        )
    append_line(settings.LOW_STOCK_LOG, f"{stamp} {result['message']}")
