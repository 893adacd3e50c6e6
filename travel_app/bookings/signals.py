"""Any write to a booking drops the cached listing pages: the availability search reads
bookings."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from listings.cache import invalidate_listing_pages

from bookings.models import Booking


@receiver(post_save, sender=Booking, dispatch_uid="bookings.booking_saved")
@receiver(post_delete, sender=Booking, dispatch_uid="bookings.booking_deleted")
def drop_listing_pages(sender: type[Any], **kwargs: Any) -> None:
    invalidate_listing_pages()
