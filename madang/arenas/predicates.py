"""Predicates about a person's place in an arena (seats read once per user and arena)."""

from __future__ import annotations

import rules
from django.utils import timezone

from .models import Seat

_CACHE_ATTR = "_madang_arena_seats"


def _arena_id(obj) -> int | None:
    """The arena of an Arena, a Session, an AgendaItem or a FollowUp."""
    if obj is None:
        return None
    label = getattr(getattr(obj, "_meta", None), "label_lower", "")
    if label == "arenas.arena":
        return obj.pk
    if label == "arenas.agendaitem":
        return obj.session.arena_id
    return getattr(obj, "arena_id", None)


def current_arena_ids(user) -> frozenset[int]:
    """The arenas where the user holds a seat today; cached on the user instance."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            Seat.objects.filter(user=user).active_on(timezone.localdate()).values_list("arena_id", flat=True)
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_seats(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


@rules.predicate
def is_arena_member(user, obj) -> bool:
    """A current member (any seat, any role) of the object's arena."""
    arena_id = _arena_id(obj)
    return arena_id is not None and arena_id in current_arena_ids(user)
