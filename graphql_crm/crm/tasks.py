"""Celery tasks (beat: settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import graphene
from celery import shared_task
from django.conf import settings
from django.utils import timezone

from crm.joblog import append_line
from crm.schema import Query

# The app's own queries, not the project's root schema (config/schema.py): config wires
# the apps together and sits above them, so an app never imports it.
schema = graphene.Schema(query=Query)

TOTALS = "{ allCustomers { totalCount } allOrders { totalCount } totalRevenue }"


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=60)
def generate_crm_report() -> str:
    """Mondays 06:00: `YYYY-MM-DD HH:MM:SS - Report: X customers, Y orders, Z revenue`,
    the totals queried through the GraphQL schema. Safe to run again: it only reads."""
    result = schema.execute(TOTALS)
    if result.errors:
        raise RuntimeError(f"the report query failed: {result.errors[0]}")
    data = result.data or {}
    customers, orders = data["allCustomers"]["totalCount"], data["allOrders"]["totalCount"]
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
    line = (
        f"{stamp} - Report: {customers} customers, {orders} orders, {data['totalRevenue']} revenue"
    )
    append_line(settings.CRM_REPORT_LOG, line)
    return line
