"""Helpers shared by the arenas' pages (private to this package)."""

from django.core.exceptions import PermissionDenied

from madang.core.tenancy import get_in_district

from .. import selectors
from ..models import AgendaItem, Seat


def manage_or_403(request, district) -> None:
    if not request.user.has_perm("arenas.manage_arenas", district):
        raise PermissionDenied


def arena_or_404(district, pk):
    return get_in_district(selectors.arena_detail_queryset(), district, pk=pk)


def session_or_404(district, pk):
    return get_in_district(selectors.session_detail_queryset(), district, pk=pk)


def seat_or_404(district, pk):
    return get_in_district(Seat.objects.select_related("arena", "arena__district"), district, pk=pk)


def item_or_404(district, pk):
    return get_in_district(
        AgendaItem.objects.select_related("session", "session__arena", "session__arena__district"),
        district,
        pk=pk,
    )
