"""A property listing, and a queryset whose bulk writes keep the cache fresh."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from properties.cache import invalidate_property_cache


class PropertyQuerySet(models.QuerySet["Property"]):
    """update(), bulk_create() and bulk_update() send no signal, so the post_save receiver
    never hears of them: these do the invalidation themselves. (delete() sends post_delete
    for every row, since a receiver listens.)"""

    def update(self, **changes: Any) -> int:
        count = super().update(**changes)
        if count:
            invalidate_property_cache()
        return count

    def bulk_create(self, objs: Iterable[Property], *args: Any, **kwargs: Any) -> list[Property]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            invalidate_property_cache()
        return created

    def bulk_update(self, objs: Iterable[Property], fields: Any, *args: Any, **kwargs: Any) -> int:
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if count:
            invalidate_property_cache()
        return count


class Property(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField()
    price = models.DecimalField(max_digits=10, decimal_places=2)
    location = models.CharField(max_length=100, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PropertyQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name_plural = "properties"
        constraints = (
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="property_price_not_negative"
            ),
        )
        indexes = (models.Index(fields=("price",), name="property_price"),)

    def __str__(self) -> str:
        return f"{self.title} ({self.location})"
