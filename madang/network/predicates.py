"""Predicates about a person's place in the network (affiliations read once per user instance)."""

from __future__ import annotations

import rules

from madang.accounts.predicates import is_district_staff

from .models import Affiliation, Organisation, Review

_CACHE_ATTR = "_madang_affiliations"


def user_affiliations(user) -> dict[int, str]:
    """{organisation_id: affiliation role} for the user, across districts."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = dict(
            Affiliation.objects.filter(person__user=user, status=Review.APPROVED).values_list(
                "organisation_id", "role"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_affiliations(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _org_id(obj) -> int | None:
    if isinstance(obj, Organisation):
        return obj.pk
    owner_id = getattr(obj, "owner_id", None)  # a Resource
    if owner_id is not None:
        return owner_id
    return getattr(obj, "organisation_id", None)


@rules.predicate
def is_org_affiliate(user, obj) -> bool:
    """Any affiliation (대표, 운영진, 회원) with the organisation."""
    org_id = _org_id(obj)
    return org_id is not None and org_id in user_affiliations(user)


@rules.predicate
def is_org_editor(user, obj) -> bool:
    """대표 or 운영진 of the organisation."""
    org_id = _org_id(obj)
    return org_id is not None and user_affiliations(user).get(org_id) in Affiliation.EDITOR_ROLES


@rules.predicate
def is_creator(user, obj) -> bool:
    creator = getattr(obj, "created_by_id", None)
    return creator is not None and getattr(user, "is_authenticated", False) and creator == user.pk


@rules.predicate
def edits_an_organisation_in_district(user, district) -> bool:
    if not user_affiliations(user):
        return False
    editable = [org for org, role in user_affiliations(user).items() if role in Affiliation.EDITOR_ROLES]
    return Organisation.objects.in_district(district).filter(pk__in=editable).exists()


@rules.predicate
def is_profile_owner(user, person) -> bool:
    owner = getattr(person, "user_id", None)
    return owner is not None and getattr(user, "is_authenticated", False) and owner == user.pk


@rules.predicate
def is_membership_self(user, membership) -> bool:
    """The person whose own membership it is."""
    person = getattr(membership, "person", None) if getattr(membership, "person_id", None) else None
    return person is not None and getattr(user, "is_authenticated", False) and person.user_id == user.pk


@rules.predicate
def edits_member_organisation(user, membership) -> bool:
    """대표 or 운영진 of the organisation that is the member."""
    org_id = getattr(membership, "organisation_id", None)
    return org_id is not None and user_affiliations(user).get(org_id) in Affiliation.EDITOR_ROLES


@rules.predicate
def is_staff_of_organisation_district(user, obj) -> bool:
    """운영진·구 관리자 of the district of the object's organisation (an affiliation)."""
    organisation = getattr(obj, "organisation", None)
    return organisation is not None and is_district_staff(user, organisation)


@rules.predicate
def edits_tie_counterpart(user, tie) -> bool:
    """대표 or 운영진 of the organisation whose confirmation a pending tie waits for."""
    org_id = getattr(tie, "counterpart_id", None)
    return org_id is not None and user_affiliations(user).get(org_id) in Affiliation.EDITOR_ROLES
