"""The Celery application: settings from Django's (the CELERY_ ones), tasks from each app.

celery -A config worker -l info      # the worker (compose.yaml's `worker` service)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("travel_app")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
