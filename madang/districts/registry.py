"""What districts plugs into the kernel's registries: keeping 공무원 in their departments."""

from __future__ import annotations

from madang.core import registry


def register() -> None:
    registry.register_role_hook("districts.departments", granted=_official_granted, revoked=_official_revoked)


def _official_granted(assignment, actor) -> None:
    from madang.accounts.models import Role

    from .services import department_member_ensure

    if assignment.role == Role.OFFICIAL and assignment.district_id and assignment.department:
        department_member_ensure(
            district=assignment.district, name=assignment.department, user=assignment.user, actor=actor
        )


def _official_revoked(assignment, actor) -> None:
    from madang.accounts.models import Role

    from .services import department_member_remove

    if assignment.role == Role.OFFICIAL and assignment.district_id and assignment.department:
        department_member_remove(
            district=assignment.district, name=assignment.department, user=assignment.user, actor=actor
        )
