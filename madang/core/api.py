"""API side of tenancy: the base every district-scoped viewset stands on.

A viewset says what it lists in `get_district_queryset()`; the base resolves the <district> slug with
the same resolver as the HTML views and applies `.in_district()` itself, so a viewset cannot forget it
and `get_object()` (detail, update, delete) answers 404 for another district's object.
"""

from __future__ import annotations

from django.http import Http404
from rest_framework import viewsets

from .tenancy import DistrictQuerySet, district_resolve

# what a slug in an API path may be (Django's <slug:> converter); anything else is a 404 at routing,
# so no NUL byte or stray text reaches a database lookup
SLUG_REGEX = r"[-a-zA-Z0-9_]+"


class DistrictScopedMixin:
    district = None

    def initial(self, request, *args, **kwargs):
        self.district = district_resolve(kwargs["district"])
        super().initial(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "district": self.district}

    def get_district_queryset(self):
        raise NotImplementedError("a district-scoped viewset says what it lists")

    def get_queryset(self):
        queryset = self.get_district_queryset()
        if not isinstance(queryset, DistrictQuerySet):
            raise TypeError(f"{type(self).__name__}: the queryset's model must use DistrictQuerySet")
        return queryset.in_district(self.district)

    def get_object(self):
        try:
            return super().get_object()
        except OverflowError as exc:  # an id too large for the database's integer (SQLite)
            raise Http404 from exc


class DistrictScopedViewSet(DistrictScopedMixin, viewsets.GenericViewSet):
    """GenericViewSet under /api/v1/<district>/…; add the mixins (List, Retrieve, Create, …) you need."""
