"""Pagination for the message lists."""

from rest_framework import pagination


class MessageLimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 20
    max_limit = 50
