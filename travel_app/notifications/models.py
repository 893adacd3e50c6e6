"""A record of every e-mail the app sends, under a key of its own: the same key is mailed
once however often a delivery asks for it (notifications/services.py)."""

from __future__ import annotations

from django.db import models


class SentEmail(models.Model):
    # What the e-mail is about, e.g. "booking-received:<booking id>": unique, so that
    # of two deliveries inserting it at the same moment, the database lets one through.
    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    # The delivery holding the lease (a random token of its own), and since when.
    claimed_by = models.CharField(max_length=64)
    claimed_at = models.DateTimeField(auto_now_add=True)
    # The lease: until then the holder may be sending and no other delivery sends. Null
    # when nobody holds it (a send failed: the next delivery may try at once). A holder
    # that died leaves it to lapse, and the next delivery after that sends.
    lease_until = models.DateTimeField(null=True, blank=True)
    # Null while the claimant is sending; set once the mail server accepted the message.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-claimed_at",)

    def __str__(self) -> str:
        return f"{self.key} to {self.to}"
