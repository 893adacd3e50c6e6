"""`python manage.py clean_inactive_customers`: delete customers with no order for a year,
logging how many with a timestamp (run by crm/cron_jobs/clean_inactive_customers.sh)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from django.utils import timezone

from crm.joblog import append_line
from crm.models import Customer, Order


class Command(BaseCommand):
    help = "Delete customers without an order in the last INACTIVE_AFTER_DAYS days."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        since = now - timedelta(days=settings.INACTIVE_AFTER_DAYS)
        recent = Order.objects.filter(customer=OuterRef("pk"), order_date__gte=since)
        # A customer who joined within the period is new, not inactive.
        inactive = Customer.objects.filter(created_at__lt=since).exclude(Exists(recent))
        _, deleted = inactive.delete()
        count = deleted.get(Customer._meta.label, 0)
        line = f"{timezone.localtime(now):%Y-%m-%d %H:%M:%S} Deleted {count} inactive customers"
        append_line(settings.CUSTOMER_CLEANUP_LOG, line)
        self.stdout.write(line)
