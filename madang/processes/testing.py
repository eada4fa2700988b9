"""Test helpers for phase-dependent permissions: build a process with phases and check a
role × phase matrix for one permission.

    from madang.processes.testing import phase_matrix

    def test_support_matrix(gangbuk):
        phase_matrix(
            "proposals.support_proposal",
            district=gangbuk,
            phases={"모집": ["propose"], "공감": ["support"], "검토": ["review"]},
            roles=["anonymous", "outsider", Role.RESIDENT, Role.OPERATOR],
            allowed={(Role.RESIDENT, "공감")},
            obj=lambda process: ProposalFactory(process=process),   # optional: default is the process
        )

Every (role, moment) cell is checked, where the moments are each phase (its midpoint), "before" the
first phase, "between" two phases when there is a gap, and "after" the last one. `allowed` lists the
cells where the permission must hold; every other cell must refuse. A failure prints the whole table
of wrong cells. The clock is frozen by patching `django.utils.timezone.now` (no extra dependency).

Roles are `accounts.Role` values (a user holding that role in `district`; 시 관리자 holds the city), or
"anonymous" (not logged in), "outsider" (logged in, no role), "other_district" (a 주민 of another
district), or any name mapped to a user in `users`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from unittest import mock

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from .models import Phase, Process
from .predicates import phases_forget

ANONYMOUS = "anonymous"
OUTSIDER = "outsider"
OTHER_DISTRICT = "other_district"
BEFORE, AFTER = "before", "after"


def process_with_phases(
    district,
    phases: Mapping[str, Iterable[str]],
    *,
    start: datetime.datetime | None = None,
    days: int = 10,
    gap_days: int = 0,
    published: bool = True,
    **process_fields,
) -> Process:
    """A process whose phases (name → action names) follow each other, `days` long each with
    `gap_days` between them, starting at `start` (default: midnight 30 days from now)."""
    from madang.processes.tests.factories import ProcessFactory

    if start is None:
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        start += datetime.timedelta(days=30)
    total = len(phases) * days + max(len(phases) - 1, 0) * gap_days
    process = ProcessFactory(
        district=district,
        starts_on=timezone.localtime(start).date(),
        ends_on=timezone.localtime(start + datetime.timedelta(days=total)).date(),
        is_published=published,
        **process_fields,
    )
    at = start
    for order, (name, features) in enumerate(phases.items()):
        Phase.objects.create(
            process=process,
            name=name,
            features=list(features),
            starts_at=at,
            ends_at=at + datetime.timedelta(days=days),
            order=order,
        )
        at += datetime.timedelta(days=days + gap_days)
    return process


def phase_moments(process: Process) -> dict[str, datetime.datetime]:
    """{moment name: instant}: each phase's midpoint, "before", "after", and "between:<a>/<b>" gaps."""
    phases = list(process.phases.order_by("starts_at"))
    moments: dict[str, datetime.datetime] = {}
    if not phases:
        return moments
    moments[BEFORE] = phases[0].starts_at - datetime.timedelta(hours=1)
    for i, phase in enumerate(phases):
        moments[phase.name] = phase.starts_at + (phase.ends_at - phase.starts_at) / 2
        if i + 1 < len(phases) and phases[i + 1].starts_at > phase.ends_at:
            moments[f"between:{phase.name}/{phases[i + 1].name}"] = (
                phase.ends_at + (phases[i + 1].starts_at - phase.ends_at) / 2
            )
    moments[AFTER] = phases[-1].ends_at + datetime.timedelta(hours=1)
    return moments


def role_user(role: str, district, *, other_district=None):
    """A user for a role name (see the module docstring)."""
    from madang.accounts.models import Role
    from madang.accounts.tests.factories import UserFactory, user_with_role

    if role == ANONYMOUS:
        return AnonymousUser()
    if role == OUTSIDER:
        return UserFactory()
    if role == OTHER_DISTRICT:
        if other_district is None:
            from madang.districts.models import District

            other_district = District.objects.exclude(pk=district.pk).order_by("pk").first()
        return user_with_role(Role.RESIDENT, other_district)
    return user_with_role(role, district)


def phase_matrix(
    perm: str,
    *,
    district,
    phases: Mapping[str, Iterable[str]],
    roles: Iterable[str],
    allowed: Iterable[tuple[str, str]],
    users: Mapping[str, object] | None = None,
    obj: Callable[[Process], object] | None = None,
    gap_days: int = 0,
    published: bool = True,
) -> dict[tuple[str, str], bool]:
    """Assert `user.has_perm(perm, object)` for every role × moment against `allowed`.

    Returns the observed table {(role, moment): bool}. Raises AssertionError listing every wrong cell.
    """
    process = process_with_phases(district, phases, gap_days=gap_days, published=published)
    target = obj(process) if obj is not None else process
    users = dict(users or {})
    people = {role: users.get(role) or role_user(role, district) for role in roles}
    allowed = set(allowed)
    moments = phase_moments(process)
    unknown = {moment for _, moment in allowed} - set(moments)
    if unknown:
        raise ValueError(f"unknown moments in allowed: {sorted(unknown)}; known: {list(moments)}")
    observed: dict[tuple[str, str], bool] = {}
    wrong = []
    for moment, at in moments.items():
        phases_forget(process)
        with mock.patch("django.utils.timezone.now", return_value=at):
            for role, user in people.items():
                got = bool(user.has_perm(perm, target))
                observed[(role, moment)] = got
                want = (role, moment) in allowed
                if got != want:
                    wrong.append(f"  {role:>15} × {moment:<20} expected {want}, got {got}")
    if wrong:
        raise AssertionError(
            f"{perm}: {len(wrong)} wrong cell(s) of the role × phase matrix:\n" + "\n".join(wrong)
        )
    return observed
