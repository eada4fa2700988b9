"""Predicates about districts' own objects (role predicates live in accounts.predicates)."""

from __future__ import annotations

import rules

from .models import DepartmentMember


@rules.predicate
def is_department_member(user, department) -> bool:
    """Whether `user` is a member of `department` (a `Department`)."""
    if department is None or not getattr(user, "is_authenticated", False):
        return False
    return DepartmentMember.objects.filter(department=department, user=user).exists()
