"""Any write to a listing, to a review of one, or to the name of a user they show (a host,
a review's author) drops the cached listing pages and the web's cached fragments
(listings/cache.py; a booking's write: bookings/signals.py)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from listings.cache import invalidate_listing_pages
from listings.models import Listing, Review

# What a user's save may touch without changing what a page shows: a sign-in updates
# last_login, and dropping every page at each sign-in would empty the cache for nothing.
UNSHOWN_USER_FIELDS = frozenset({"last_login", "password"})


@receiver(post_save, sender=Listing, dispatch_uid="listings.listing_saved")
@receiver(post_delete, sender=Listing, dispatch_uid="listings.listing_deleted")
@receiver(post_save, sender=Review, dispatch_uid="listings.review_saved")
@receiver(post_delete, sender=Review, dispatch_uid="listings.review_deleted")
def drop_listing_pages(sender: type[Any], **kwargs: Any) -> None:
    invalidate_listing_pages()


@receiver(post_save, sender=User, dispatch_uid="listings.user_saved")
def drop_pages_showing_a_user(
    sender: type[Any], created: bool, update_fields: frozenset[str] | None, **kwargs: Any
) -> None:
    """A new user is on no page yet; a save of only unshown fields changes no page.
    (A deleted user's listings and reviews go with them: their own receivers drop it.)"""
    if created or (update_fields is not None and update_fields <= UNSHOWN_USER_FIELDS):
        return
    invalidate_listing_pages()
