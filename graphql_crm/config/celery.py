"""The Celery application: settings from Django's (the CELERY_ ones), tasks from each app.

celery -A config worker -l info      # the worker
celery -A config beat -l info        # the scheduler (django-celery-beat)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
