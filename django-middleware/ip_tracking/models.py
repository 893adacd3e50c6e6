"""What the IP tracking unit stores: one row per request, the blocklist, and the
addresses the hourly anomaly check flagged (README: "IP tracking", what is kept and why)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

# An IPv6 network in text ("2001:db8:85a3::/48") is at most 43 characters.
NETWORK_MAX_LENGTH = 43


class RequestLog(models.Model):
    """One request: who (address, user), what (method, path), when, and from where.
    With IP_ANONYMIZE on, ip_address holds the /24 (IPv4) or /48 (IPv6) network's first
    address, never the client's own."""

    ip_address = models.GenericIPAddressField(unpack_ipv4=True)
    timestamp = models.DateTimeField(db_index=True)
    path = models.CharField(max_length=255)
    method = models.CharField(max_length=16)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request_logs",
    )
    country = models.CharField(max_length=2, blank=True)
    city = models.CharField(max_length=128, blank=True)

    class Meta:
        ordering = ("-timestamp", "-id")
        # The hourly check groups the last hour's rows by address.
        indexes = (models.Index(fields=("ip_address", "timestamp")),)

    def __str__(self) -> str:
        return f"{self.ip_address} {self.method} {self.path}"


class BlockedIP(models.Model):
    """An address or a network refused with 403 before anything else runs."""

    ip_address = models.CharField(max_length=NETWORK_MAX_LENGTH, unique=True)
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("ip_address",)

    def __str__(self) -> str:
        return self.ip_address


class SuspiciousIP(models.Model):
    """An address the hourly check flagged, once per reason; flagged_at is the last time."""

    class Reason(models.TextChoices):
        TOO_MANY_REQUESTS = "too_many_requests"
        SENSITIVE_PATH = "sensitive_path"

    ip_address = models.GenericIPAddressField(unpack_ipv4=True)
    reason = models.CharField(max_length=32, choices=Reason.choices)
    detail = models.CharField(max_length=255, blank=True)
    flagged_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ("-flagged_at", "ip_address")
        constraints = (
            models.UniqueConstraint(fields=("ip_address", "reason"), name="suspicious_ip_once"),
        )

    def __str__(self) -> str:
        return f"{self.ip_address} ({self.reason})"
