"""Who may do what with residents: role × action (not phase-gated: budgeting gates its own actions)."""

import pytest

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role

from .factories import DrawFactory, VerificationFactory, budget_process

pytestmark = pytest.mark.django_db

ROLES = [
    None,
    Role.RESIDENT,
    Role.ORG_MEMBER,
    Role.OFFICIAL,
    Role.OPERATOR,
    Role.DISTRICT_ADMIN,
    Role.CITY_ADMIN,
]
STAFF = {Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN}


def person(role, district):
    if role is None:
        return UserFactory()
    return user_with_role(role, district)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "perm", ["residents.manage_registry", "residents.verify_in_person", "residents.manage_draw"]
)
def test_staff_only_perms(gangbuk, role, perm):
    process = budget_process(gangbuk)
    assert person(role, gangbuk).has_perm(perm, process) == (role in STAFF)


@pytest.mark.parametrize("perm", ["residents.manage_registry", "residents.manage_draw"])
def test_staff_of_another_district_may_not(gangbuk, mapo, perm):
    assert not user_with_role(Role.OPERATOR, mapo).has_perm(perm, budget_process(gangbuk))


@pytest.mark.parametrize("role", ROLES)
def test_anyone_signed_in_may_verify_themselves_on_a_published_process(gangbuk, role):
    user = person(role, gangbuk)
    assert user.has_perm("residents.verify_self", budget_process(gangbuk))
    assert not user.has_perm("residents.verify_self", budget_process(gangbuk, is_published=False))


def test_anonymous_and_inactive_may_not_verify(gangbuk):
    from django.contrib.auth.models import AnonymousUser

    process = budget_process(gangbuk)
    assert not AnonymousUser().has_perm("residents.verify_self", process)
    assert not UserFactory(is_active=False).has_perm("residents.verify_self", process)


def test_only_the_verified_may_apply(gangbuk):
    verification = VerificationFactory(process=budget_process(gangbuk))
    assert verification.user.has_perm("residents.apply_committee", verification.process)
    assert not UserFactory().has_perm("residents.apply_committee", verification.process)
    other = budget_process(gangbuk)
    assert not verification.user.has_perm("residents.apply_committee", other)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", ["draft", "drawn", "published"])
def test_who_sees_a_draw(gangbuk, role, status):
    draw = DrawFactory(process=budget_process(gangbuk), status=status)
    assert person(role, gangbuk).has_perm("residents.view_draw", draw) == (
        status == "published" or role in STAFF
    )


def test_a_suspended_person_may_neither_verify_nor_apply(gangbuk, mapo):
    from madang.accounts.models import DistrictSuspension

    verification = VerificationFactory(process=budget_process(gangbuk))
    user, process = verification.user, verification.process
    assert user.has_perm("residents.verify_self", process) and user.has_perm(
        "residents.apply_committee", process
    )
    DistrictSuspension.objects.create(user=user, district=mapo, reason="다른 구")
    assert user.has_perm("residents.verify_self", process)  # suspended elsewhere only
    DistrictSuspension.objects.create(user=user, district=gangbuk, reason="도배")
    from madang.accounts.predicates import forget_suspensions

    forget_suspensions(user)
    assert not user.has_perm("residents.verify_self", process)
    assert not user.has_perm("residents.apply_committee", process)
