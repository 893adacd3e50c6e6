"""Every saved or deleted property drops the cached list (both layers)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from properties.cache import invalidate_property_cache
from properties.models import Property


@receiver(post_save, sender=Property, dispatch_uid="properties.invalidate_on_save")
def invalidate_on_save(sender: type[Property], instance: Property, **kwargs: Any) -> None:
    invalidate_property_cache()


@receiver(post_delete, sender=Property, dispatch_uid="properties.invalidate_on_delete")
def invalidate_on_delete(sender: type[Property], instance: Property, **kwargs: Any) -> None:
    invalidate_property_cache()
