"""The transactional outbox: what must happen after a write, recorded by that write.

A row is written in the same database transaction as the booking, payment or webhook it
follows from, so it exists exactly when the write does. The relay (outbox/services.py)
hands it to the broker; a worker runs the handlers registered for its topic and marks it
done. Until then it stays here, however long the broker, the worker or a handler's own
service is away: nothing that must happen is only logged.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    message_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # What happened, e.g. "booking_created": the handlers registered for it run.
    topic = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    # Not to be handed to the broker before: a failed attempt's back-off.
    available_at = models.DateTimeField(default=timezone.now)
    # When the broker took it; cleared when an attempt failed and another is due.
    published_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # The dead letter: every attempt failed. The admin lists these and can resend them.
    dead_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ("created_at", "message_id")
        indexes = (
            # The relay's question: what is open (neither done nor dead) and due.
            models.Index(fields=("done_at", "dead_at", "available_at"), name="outbox_open_due"),
        )

    def __str__(self) -> str:
        return f"{self.topic} {self.payload}"
