#!/usr/bin/env bash
# Deletes customers with no order in the last 365 days and logs how many, with a timestamp,
# to customer_cleanup_log.txt (settings.CUSTOMER_CLEANUP_LOG, default /tmp). Run by cron
# from customer_cleanup_crontab.txt; PYTHON names the interpreter (the project's venv).
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$project"
exec "${PYTHON:-python3}" manage.py clean_inactive_customers
