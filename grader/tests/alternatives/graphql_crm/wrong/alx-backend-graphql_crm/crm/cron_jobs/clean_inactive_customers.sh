#!/bin/bash
# Delete customers with no orders since a year ago, and log how many.

cd "$(dirname "$0")/../.." || exit 1

DELETED=$(python3 manage.py shell -c "
from datetime import timedelta
from django.utils import timezone
from crm.models import Customer
cutoff = timezone.now() - timedelta(days=365)
inactive = Customer.objects.filter(orders__isnull=True, created_at__lt=cutoff)
count = inactive.count()
inactive.delete()
print(count)
" | tail -n 1)

echo "$(date '+%Y-%m-%d %H:%M:%S') - Deleted $DELETED inactive customers" >> /tmp/customer_cleanup_log.txt
