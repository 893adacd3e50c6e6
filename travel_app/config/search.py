"""Searches, bounded: `?search=` on every API list, and the admin's search box.

DRF's SearchFilter and the admin's search turn each word into one more condition (an OR
across the search fields), with no limit: a few thousand words made SQLite refuse the
query ("Expression tree is too large") and answer 500. Here a search is at most
MAX_SEARCH characters: longer is a 400 naming the parameter in the API, and in the admin
(every page of its site) the first MAX_SEARCH characters are searched for, with a warning.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_SEARCH = 100  # characters: at most 50 words


class SearchFilter(filters.SearchFilter):
    # A form field: its length limit and its refusal of NUL characters, with messages.
    field = forms.CharField(max_length=MAX_SEARCH, required=False)

    def get_search_terms(self, request: Request) -> list[str]:  # type: ignore[override]
        value: Any = request.query_params.get(self.search_param, "")
        try:
            self.field.clean(value)
        except DjangoValidationError as error:
            raise ValidationError({self.search_param: error.messages}) from error
        return list(super().get_search_terms(request))

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = MAX_SEARCH
        return parameters


class BoundedSearch:
    """A ModelAdmin's search, at most MAX_SEARCH characters."""

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Model], search_term: str
    ) -> tuple[QuerySet[Model], bool]:
        if len(search_term) > MAX_SEARCH:
            messages.warning(request, f"Searched for the first {MAX_SEARCH} characters only.")
            search_term = search_term[:MAX_SEARCH]
        return super().get_search_results(request, queryset, search_term)  # type: ignore[misc,no-any-return]


class BoundedSearchAdminSite(admin.AdminSite):
    """The admin site (config/apps.py): every page registered on it searches bounded,
    this project's and the installed apps' alike (groups, the token blacklist)."""

    def register(
        self,
        model_or_iterable: Any,
        admin_class: type[admin.ModelAdmin] | None = None,  # type: ignore[type-arg]
        **options: Any,
    ) -> None:
        base = admin_class or admin.ModelAdmin
        namespace = {"__module__": base.__module__, "__doc__": base.__doc__}
        super().register(
            model_or_iterable, type(base.__name__, (BoundedSearch, base), namespace), **options
        )
