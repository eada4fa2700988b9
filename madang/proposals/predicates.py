"""Who may do what with proposals. A permission's object is a District, a Process, a Proposal or an
Assignment; `accounts.predicates` read the district from it."""

from __future__ import annotations

import rules

from madang.accounts.predicates import (
    is_district_admin,
    is_district_staff,
    is_official,
    is_resident,
    is_suspended,
)
from madang.districts.predicates import is_department_member

from .models import OPEN_STAGES, Review, Stage

EDITABLE_STAGES = (Stage.PROPOSED, Stage.SUPPORT)


@rules.predicate
def is_author(user, proposal) -> bool:
    author = getattr(proposal, "author_id", None)
    return author is not None and getattr(user, "is_authenticated", False) and author == user.pk


@rules.predicate
def is_editable_stage(user, proposal) -> bool:
    return getattr(proposal, "stage", None) in EDITABLE_STAGES and getattr(proposal, "support_count", 0) == 0


@rules.predicate
def is_open_stage(user, proposal) -> bool:
    return (
        getattr(proposal, "stage", None) in OPEN_STAGES
        and getattr(proposal, "review", None) == Review.APPROVED
    )


@rules.predicate
def is_proposals_process(user, obj) -> bool:
    from madang.processes.predicates import process_of

    process = process_of(obj)
    return process is not None and process.kind == "proposals"


@rules.predicate
def is_assigned_department_member(user, assignment) -> bool:
    """A member of the department the assignment names (the 구청장's answers: the district's admins)."""
    department = getattr(assignment, "department", None)
    if department is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(is_department_member(user, department))


@rules.predicate
def is_mayor_assignment(user, assignment) -> bool:
    return getattr(assignment, "kind", None) == "mayor"


@rules.predicate
def is_department_assignment(user, assignment) -> bool:
    return getattr(assignment, "kind", None) == "department"


not_suspended = ~is_suspended

__all__ = [
    "is_district_admin",
    "is_district_staff",
    "is_official",
    "is_resident",
    "is_suspended",
    "not_suspended",
]
