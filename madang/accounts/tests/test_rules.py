"""Role × action matrix: every permission of the foundation, for every role, in and out of district."""

import pytest
from django.contrib.auth.models import AnonymousUser

from madang.accounts.models import Role
from madang.accounts.predicates import RoleGrant
from madang.accounts.tests.factories import user_with_role

ACTORS = [
    "anonymous",
    "no_role",
    Role.RESIDENT,
    Role.ORG_MEMBER,
    Role.OFFICIAL,
    Role.OPERATOR,
    Role.DISTRICT_ADMIN,
    Role.CITY_ADMIN,
    "operator_elsewhere",
    "admin_elsewhere",
]

# action -> set of actors allowed (on 강북)
Y = True
MATRIX = {
    "districts.view_district": set(ACTORS),
    "districts.change_vision": {Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN},
    "accounts.manage_roles": {Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN},
    "districts.view_audit_log": {Role.DISTRICT_ADMIN, Role.CITY_ADMIN},
    "grant:resident": {Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN},
    "grant:org_member": {Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN},
    "grant:official": {Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN},
    "grant:operator": {Role.DISTRICT_ADMIN, Role.CITY_ADMIN},
    "grant:district_admin": {Role.DISTRICT_ADMIN, Role.CITY_ADMIN},
    "grant:city_admin": {Role.CITY_ADMIN},
}


def make_actor(kind, gangbuk, mapo):
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "no_role":
        from madang.accounts.tests.factories import UserFactory

        return UserFactory()
    if kind == "operator_elsewhere":
        return user_with_role(Role.OPERATOR, mapo)
    if kind == "admin_elsewhere":
        return user_with_role(Role.DISTRICT_ADMIN, mapo)
    return user_with_role(kind, gangbuk)


@pytest.mark.django_db
@pytest.mark.parametrize("actor_kind", ACTORS)
@pytest.mark.parametrize("action", list(MATRIX))
def test_role_action_matrix(actor_kind, action, gangbuk, mapo):
    actor = make_actor(actor_kind, gangbuk, mapo)
    if action.startswith("grant:"):
        role = action.split(":", 1)[1]
        target = RoleGrant(district=None if role == Role.CITY_ADMIN else gangbuk, role=role)
        allowed = actor.has_perm("accounts.grant_role", target)
    else:
        allowed = actor.has_perm(action, gangbuk)
    expected = actor_kind in MATRIX[action]
    assert allowed is expected, f"{actor_kind} {'should' if expected else 'should not'} be allowed {action}"


@pytest.mark.django_db
def test_inactive_user_has_no_role_permissions(gangbuk):
    user = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    user.is_active = False
    user.save()
    assert not user.has_perm("districts.view_audit_log", gangbuk)


@pytest.mark.django_db
def test_roles_are_read_once_per_user_instance(gangbuk, django_assert_num_queries):
    user = user_with_role(Role.OPERATOR, gangbuk)
    with django_assert_num_queries(1):
        for perm in ["districts.change_vision", "accounts.manage_roles", "districts.view_audit_log"]:
            user.has_perm(perm, gangbuk)
