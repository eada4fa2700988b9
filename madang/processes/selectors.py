"""Reads of processes and phases: a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from madang.core.tenancy import get_in_district

from .features import feature_label
from .models import Phase, Process
from .predicates import phase_current, phases_of


def _with_phases(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("district", "dong", "committee").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at", "order", "pk"))
    )


def process_list(*, district, include_unpublished: bool = False, kind: str | None = None) -> QuerySet:
    """The district's processes, newest first, with their phases (2 queries). Published ones only unless
    `include_unpublished` (operators)."""
    queryset = Process.objects.in_district(district)
    if not include_unpublished:
        queryset = queryset.filter(is_published=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    return _with_phases(queryset)


def process_get(*, district, slug: str, include_unpublished: bool = False) -> Process:
    """One process of the district by slug with its phases, or a Korean 404 (also when unpublished and
    `include_unpublished` is false)."""
    queryset = Process.objects.all() if include_unpublished else Process.objects.filter(is_published=True)
    return get_in_district(_with_phases(queryset), district, slug=slug)


def phase_get(*, process: Process, pk) -> Phase:
    """One phase of the process, or a Korean 404."""
    return get_in_district(Phase.objects.filter(process=process), process.district_id, pk=pk)


@dataclass(frozen=True)
class TimelineStep:
    phase: Phase
    state: str  # "past", "current", "upcoming"
    features: list[tuple[str, str]]  # (name, label)

    @property
    def is_current(self) -> bool:
        return self.state == "current"


def process_timeline(process: Process, at: datetime.datetime | None = None) -> list[TimelineStep]:
    """The phases as past / current / upcoming steps with the labels of the actions each opens."""
    at = at or timezone.now()
    current = phase_current(process, at)
    steps = []
    for phase in phases_of(process):
        if phase is current:
            state = "current"
        elif phase.ends_at <= at:
            state = "past"
        else:
            state = "upcoming"
        steps.append(TimelineStep(phase, state, [(f, feature_label(f)) for f in phase.features or ()]))
    return steps
