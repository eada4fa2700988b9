"""What a phase allows, for the `rules` permissions of every capability.

    from madang.accounts.predicates import is_resident
    from madang.processes.predicates import phase_allows_pred

    rules.add_perm("proposals.support_proposal", is_resident & phase_allows_pred("support"))

The permission's object is a `Process` or anything with a `.process` attribute (a proposal, a forum
post). A process's phases are read once per instance (one query, or none when they were prefetched
with `prefetch_related("phases")`) and kept on it, so checking many permissions on one page costs no
more queries. Services that change phases call `phases_forget(process)`.

An unpublished process opens no action to anyone: operators prepare it first, then publish it.
"""

from __future__ import annotations

import datetime
from functools import cache

import rules
from django.utils import timezone

_PHASES_ATTR = "_madang_phases"


def process_of(obj):
    """The Process an object belongs to (itself, or its `.process`), or None."""
    if obj is None:
        return None
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.label_lower == "processes.process":
        return obj
    return getattr(obj, "process", None)


def phases_of(process) -> list:
    """The process's phases in time order, cached on the instance (uses a prefetch when there is one)."""
    cached = getattr(process, _PHASES_ATTR, None)
    if cached is None:
        cached = sorted(process.phases.all(), key=lambda p: (p.starts_at, p.order, p.pk or 0))
        setattr(process, _PHASES_ATTR, cached)
    return cached


def phases_forget(process) -> None:
    """Drop the cached phases (after adding, changing or deleting one)."""
    if hasattr(process, _PHASES_ATTR):
        delattr(process, _PHASES_ATTR)
    prefetched = getattr(process, "_prefetched_objects_cache", None)
    if prefetched:
        prefetched.pop("phases", None)


def phase_current(process, at: datetime.datetime | None = None):
    """The phase open at `at` (default: now), or None between phases, before or after the process."""
    at = at or timezone.now()
    for phase in phases_of(process):
        if phase.starts_at <= at < phase.ends_at:
            return phase
    return None


def phase_allows(process, action: str, at: datetime.datetime | None = None) -> bool:
    """Whether `action` is open in `process` at `at` (default: now). False for an unpublished process."""
    if process is None or not process.is_published:
        return False
    phase = phase_current(process, at)
    return phase is not None and action in (phase.features or ())


@cache
def phase_allows_pred(action: str) -> rules.Predicate:
    """A `rules` predicate: the permission's object (a Process or anything with `.process`) is in a
    phase that opens `action` now."""

    @rules.predicate(name=f"phase_allows_{action}")
    def predicate(user, obj=None) -> bool:
        return phase_allows(process_of(obj), action)

    return predicate
