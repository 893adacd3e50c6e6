from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from properties.models import Property


@receiver([post_save, post_delete], sender=Property)
def clear_property_cache(sender, **kwargs):
    cache.delete("all_properties")
