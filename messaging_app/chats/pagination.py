"""Pages of 20: `count`, `next`, `previous`, `results`."""

from rest_framework.pagination import PageNumberPagination


class MessagePagination(PageNumberPagination):
    page_size = 20
