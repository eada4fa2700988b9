"""Role × action matrix for the arenas' permissions (arenas are standing bodies: no phase axis)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.arenas.tests.factories import (
    ArenaFactory,
    FollowUpFactory,
    SeatFactory,
    SessionFactory,
    department,
)

ACTORS = [
    "anonymous",
    "user",
    Role.RESIDENT,
    Role.ORG_MEMBER,
    Role.OFFICIAL,
    Role.OPERATOR,
    Role.DISTRICT_ADMIN,
    Role.CITY_ADMIN,
    "operator_elsewhere",
    "arena_member",
    "past_member",
    "department_member",
    "suspended_operator",
]
STAFF = {Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN}

# permission -> (object, allowed actors)
MATRIX = {
    "arenas.view_arena": ("district", set(ACTORS)),
    "arenas.manage_arenas": ("district", STAFF),
    "arenas.view_draft_minutes": ("session", STAFF | {"arena_member", "suspended_operator"}),
    "arenas.complete_followup": ("followup", STAFF | {"department_member"}),
}


@pytest.fixture
def world(gangbuk, mapo):
    arena = ArenaFactory(district=gangbuk)
    return {
        "district": gangbuk,
        "mapo": mapo,
        "arena": arena,
        "session": SessionFactory(arena=arena),
        "followup": FollowUpFactory(arena=arena, department=department(gangbuk, "도시재생과")),
    }


def make_actor(kind, world):
    from madang.districts.tests.factories import department_member

    gangbuk = world["district"]
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "user":
        return UserFactory()
    if kind == "operator_elsewhere":
        return user_with_role(Role.OPERATOR, world["mapo"])
    if kind == "arena_member":
        return SeatFactory(arena=world["arena"], user=UserFactory()).user
    if kind == "past_member":
        import datetime

        from django.utils import timezone

        day = timezone.localdate() - datetime.timedelta(days=400)
        return SeatFactory(
            arena=world["arena"],
            user=UserFactory(),
            term_start=day,
            term_end=day + datetime.timedelta(days=30),
        ).user
    if kind == "department_member":
        return department_member(world["followup"].department)
    if kind == "suspended_operator":
        from madang.accounts.services import user_suspend

        user = user_with_role(Role.OPERATOR, gangbuk)
        admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
        user_suspend(actor=admin, user=user, district=gangbuk, reason="시험")
        return user
    if kind == Role.CITY_ADMIN:
        return user_with_role(kind, city=gangbuk.city)
    return user_with_role(kind, gangbuk)


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_role_action_matrix(actor, world):
    user = make_actor(actor, world)
    wrong = []
    for perm, (target, allowed) in MATRIX.items():
        obj = world[target]
        got = user.has_perm(perm, obj)
        if got != (actor in allowed):
            wrong.append(f"{perm}: expected {actor in allowed}, got {got}")
    assert not wrong, f"{actor}: " + "; ".join(wrong)
