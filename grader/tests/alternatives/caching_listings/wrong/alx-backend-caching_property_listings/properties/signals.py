from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Property


@receiver(post_save, sender=Property)
def invalidate_property_cache(sender, instance, created, **kwargs):
    cache.delete("all_properties")
