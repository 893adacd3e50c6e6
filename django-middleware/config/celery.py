"""The Celery application: settings from Django's (the CELERY_ ones), tasks from each app.

celery -A config worker -B -l info   # a worker with beat inside it (compose.yaml's worker)

Beat queues ip_tracking's detect_anomalies every hour (CELERY_BEAT_SCHEDULE). Without
CELERY_BROKER_URL the broker is `memory://`, a queue inside this process: only a worker
in the same process (a test's) can read it.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("django_middleware")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
