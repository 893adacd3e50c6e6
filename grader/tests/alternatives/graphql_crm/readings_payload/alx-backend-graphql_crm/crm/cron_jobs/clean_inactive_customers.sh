#!/usr/bin/env bash
# Weekly: remove customers who have not ordered for a year.
set -e
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$SCRIPT_DIR/../.."

count=$(python manage.py shell <<'PY'
from datetime import timedelta
from django.db.models import Max
from django.utils import timezone
from crm.models import Customer
year_ago = timezone.now() - timedelta(days=365)
stale = Customer.objects.annotate(last=Max("orders__order_date")).filter(last__lt=year_ago)
never = Customer.objects.filter(orders__isnull=True, created_at__lt=year_ago)
ids = set(stale.values_list("id", flat=True)) | set(never.values_list("id", flat=True))
Customer.objects.filter(id__in=ids).delete()
print(len(ids))
PY
)
count=$(echo "$count" | tail -n 1)
echo "[$(date +'%d/%m/%Y %H:%M:%S')] Inactive customers deleted: $count" >> /tmp/customer_cleanup_log.txt
