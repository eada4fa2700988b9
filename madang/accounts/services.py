"""Writes about people and their roles. Views and the API call these; nothing else writes."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.core import registry
from madang.core.services import DomainError, audit_record, model_snapshot
from madang.core.text import clean_line

from .models import Role, RoleAssignment, User
from .predicates import RoleGrant, forget_roles


def user_register(*, email: str, display_name: str, password: str, district=None) -> User:
    """Create an account (consent recorded now); with a district, the person is its 주민."""
    email = User.objects.normalize_email(email).strip().lower()
    display_name = clean_line(display_name)
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("이미 가입된 이메일입니다."), code="duplicate_email")
    candidate = User(email=email, display_name=display_name)
    password_validation.validate_password(password, candidate)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, display_name=display_name, privacy_consent_at=timezone.now()
            )
            if district is not None:
                grant = RoleGrant(district=district, role=Role.RESIDENT)
                if not user.has_perm("accounts.take_role_at_signup", grant):
                    raise DomainError(_("이 역할로 가입할 수 없습니다."), code="forbidden")
                assignment = RoleAssignment.objects.create(user=user, district=district, role=Role.RESIDENT)
                audit_record(
                    actor=user,
                    action="grant",
                    obj=assignment,
                    after={"user": user.pk, "role": Role.RESIDENT},
                    note="sign-up",
                )
    except IntegrityError as exc:  # two sign-ups with the same e-mail at once
        raise DomainError(_("이미 가입된 이메일입니다."), code="duplicate_email") from exc
    return user


def user_update_profile(*, user: User, display_name: str) -> User:
    display_name = clean_line(display_name)
    if not display_name:
        raise DomainError(_("표시 이름을 입력하세요."), code="required")
    with transaction.atomic():
        user.display_name = display_name
        user.save(update_fields=["display_name"])
        registry.personal_data_refresh(user)  # e.g. the search index holds the name of public profiles
    return user


def user_delete(*, user: User) -> None:
    """Delete the account and everything personal hung on it (roles cascade).

    Every app's registered `erase` runs first, in the same transaction (e.g. the search index has no
    foreign key to cascade along). Audit entries keep the actor's display name as text so the
    district's log stays readable.
    """
    with transaction.atomic():
        registry.personal_data_erase(user)
        user.delete()


def user_export(*, user: User) -> dict:
    """Everything Madang holds about the person, for download (개인정보 열람): each app's registered
    export under its name, then the account's own data."""
    return {
        **registry.personal_data_export(user),
        "notifications": [
            {"message": n.message, "url": n.url, "created_at": n.created_at.isoformat()}
            for n in user.notifications.all()
        ],
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "privacy_consent_at": user.privacy_consent_at.isoformat() if user.privacy_consent_at else None,
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "roles": [
            {
                "district": ra.district.name if ra.district else None,
                "city": ra.city.name if ra.city else None,
                "role": ra.role,
                "department": ra.department,
                "granted_at": ra.granted_at.isoformat(),
            }
            for ra in user.roles.select_related("district", "city")
        ],
    }


def role_grant(
    *, actor: User, user: User, district, role: str, department: str = "", city=None
) -> RoleAssignment:
    """Give `user` a role in `district` (or, for 시 관리자, in `city`)."""
    if role not in Role.values:
        raise DomainError(_("알 수 없는 역할입니다."), code="unknown_role")
    if role == Role.CITY_ADMIN:
        if city is None:
            city = district.city if district is not None else None
        district = None
    if not actor.has_perm("accounts.grant_role", RoleGrant(district=district, role=role)):
        raise DomainError(_("이 역할을 부여할 권한이 없습니다."), code="forbidden")
    department = department.strip()
    if role == Role.OFFICIAL and not department:
        raise DomainError(_("공무원 역할에는 부서를 입력해야 합니다."), code="department_required")
    if role != Role.OFFICIAL:
        department = ""
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                user=user, district=district, city=city, role=role, department=department, granted_by=actor
            )
            audit_record(
                actor=actor,
                action="grant",
                obj=assignment,
                district=district,
                after=model_snapshot(assignment, ["user", "district", "city", "role", "department"]),
            )
    except IntegrityError as exc:
        raise DomainError(_("이미 이 역할을 가지고 있습니다."), code="duplicate_role") from exc
    forget_roles(user)
    return assignment


def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    grant = RoleGrant(district=assignment.district, role=assignment.role)
    if not actor.has_perm("accounts.grant_role", grant):
        raise DomainError(_("이 역할을 회수할 권한이 없습니다."), code="forbidden")
    with transaction.atomic():
        before = model_snapshot(assignment, ["user", "district", "city", "role", "department"])
        audit_record(
            actor=actor, action="revoke", obj=assignment, district=assignment.district, before=before
        )
        assignment.delete()
    forget_roles(assignment.user)
