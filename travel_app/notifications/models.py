"""A record of every e-mail the app sends, under a key of its own: the same key is mailed
at most once however often a task asking for it is delivered (notifications/services.py)."""

from __future__ import annotations

from django.db import models


class SentEmail(models.Model):
    # What the e-mail is about, e.g. "booking-received:<booking id>": unique, so that
    # of two deliveries inserting it at the same moment, the database lets one through.
    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    # The Celery task id of the delivery that claimed the key: a redelivery of that same
    # task (its worker died while sending) may send it; another task may not.
    claimed_by = models.CharField(max_length=64)
    claimed_at = models.DateTimeField(auto_now_add=True)
    # Null while the claimant is sending; set once the mail server accepted the message.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-claimed_at",)

    def __str__(self) -> str:
        return f"{self.key} to {self.to}"
