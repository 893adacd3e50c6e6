"""Any write to a listing drops the cached listing pages (a booking's: bookings/signals.py)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from listings.cache import invalidate_listing_pages
from listings.models import Listing


@receiver(post_save, sender=Listing, dispatch_uid="listings.listing_saved")
@receiver(post_delete, sender=Listing, dispatch_uid="listings.listing_deleted")
def drop_listing_pages(sender: type[Any], **kwargs: Any) -> None:
    invalidate_listing_pages()
