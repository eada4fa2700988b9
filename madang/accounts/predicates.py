"""Small `rules` predicates about who a person is in a district.

The object a district predicate receives is a `District`, or anything with a `district`
attribute (a model instance, or `RoleGrant`). A person's roles are read once per request
object (one query) and cached on the user instance.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules

from .models import Role, RoleAssignment

_CACHE_ATTR = "_madang_roles"


def user_roles(user) -> frozenset[tuple[int | None, str]]:
    """{(district_id or None, role)} for the user; cached on the instance."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(RoleAssignment.objects.filter(user=user).values_list("district_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _district_id(obj) -> int | None:
    if obj is None:
        return None
    if getattr(getattr(obj, "_meta", None), "label_lower", "") == "districts.district":
        return obj.pk
    district_id = getattr(obj, "district_id", None)
    if district_id is not None:
        return district_id
    district = getattr(obj, "district", None)
    return getattr(district, "pk", None)


@rules.predicate
def is_city_admin(user) -> bool:
    return any(role == Role.CITY_ADMIN for _, role in user_roles(user))


def has_district_role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user, obj) -> bool:
        district_id = _district_id(obj)
        return district_id is not None and (district_id, role) in user_roles(user)

    return predicate


is_resident = has_district_role(Role.RESIDENT)
is_org_member = has_district_role(Role.ORG_MEMBER)
is_district_operator = has_district_role(Role.OPERATOR)
is_official = has_district_role(Role.OFFICIAL)
is_district_admin = has_district_role(Role.DISTRICT_ADMIN)

# 운영진·구 관리자 of the district, or a city admin
is_district_staff = is_district_operator | is_district_admin | is_city_admin


@dataclass(frozen=True)
class RoleGrant:
    """The object of `accounts.grant_role`: a role in a district (None for a city role)."""

    district: object | None
    role: str

    @property
    def district_id(self):
        return getattr(self.district, "pk", None)


# Operators may grant the roles of people they work with; only admins make operators/admins.
OPERATOR_GRANTABLE = {Role.RESIDENT, Role.ORG_MEMBER, Role.OFFICIAL}


@rules.predicate
def grant_within_operator_scope(user, grant: RoleGrant) -> bool:
    return grant.district is not None and grant.role in OPERATOR_GRANTABLE


@rules.predicate
def grant_is_district_role(user, grant: RoleGrant) -> bool:
    return grant.district is not None and grant.role != Role.CITY_ADMIN


@rules.predicate
def grant_is_signup_role(user, grant: RoleGrant) -> bool:
    """The only role a person may give themselves: 주민 of a district."""
    return grant.district is not None and grant.role == Role.RESIDENT


# --- suspension ----------------------------------------------------------------------------------------

_SUSPENSION_ATTR = "_madang_suspensions"


def user_suspensions(user) -> dict[int, object]:
    """{district_id: until or None} of the person's suspensions in force; cached on the instance."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _SUSPENSION_ATTR, None)
    if cached is None:
        from django.db.models import Q
        from django.utils import timezone

        from .models import DistrictSuspension

        cached = dict(
            DistrictSuspension.objects.filter(user_id=user.pk)
            .filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))
            .values_list("district_id", "until")
        )
        setattr(user, _SUSPENSION_ATTR, cached)
    return cached


def forget_suspensions(user) -> None:
    if hasattr(user, _SUSPENSION_ATTR):
        delattr(user, _SUSPENSION_ATTR)


@rules.predicate
def is_suspended(user, obj) -> bool:
    """Whether `user` is suspended in the district of `obj`: a District, or any object with a
    `district`/`district_id` (the same rule as `core.services.district_of`). Write predicates use
    `~is_suspended`, e.g. `rules.add_perm("forums.add_topic", is_resident & ~is_suspended)`."""
    district_id = _district_id(obj)
    return district_id is not None and district_id in user_suspensions(user)
