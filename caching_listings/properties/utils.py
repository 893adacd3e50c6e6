"""The program's file for the list and the hit ratio (`properties/utils.py`): they are
reads, so they live in properties/selectors.py; this keeps the program's import path."""

from properties.selectors import get_all_properties, get_redis_cache_metrics

__all__ = ["get_all_properties", "get_redis_cache_metrics"]
