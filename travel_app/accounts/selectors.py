"""Reads of accounts."""

from __future__ import annotations

from accounts.models import User


def email_taken(email: str) -> bool:
    """Whether an account has this address (stored in lower case: compare it so)."""
    return User.objects.filter(email=email).exists()
