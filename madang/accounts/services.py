"""Writes about people and their roles. Views and the API call these; nothing else writes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from madang.core import registry
from madang.core.links import absolute_url
from madang.core.ratelimit import rate_limit
from madang.core.services import DomainError, audit_record, model_snapshot
from madang.core.text import clean_line

from .models import Role, RoleAssignment, User
from .predicates import RoleGrant, forget_roles


def user_register(
    *, email: str, display_name: str, password: str, district=None, active: bool = True
) -> User:
    """Create an account (consent recorded now); with a district, the person is its 주민.

    `active=False` leaves the account waiting for its owner to confirm the address (`user_signup`).
    """
    email = User.objects.normalize_email(email).strip().lower()
    display_name = clean_line(display_name)
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("이미 가입된 이메일입니다."), code="duplicate_email")
    candidate = User(email=email, display_name=display_name)
    password_validation.validate_password(password, candidate)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                display_name=display_name,
                privacy_consent_at=timezone.now(),
                is_active=active,
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


# --- sign-up that does not tell who has an account -----------------------------------------------


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """One-time link confirming a new account's e-mail: void once the account is active."""

    key_salt = "madang.accounts.services.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_token = ActivationTokenGenerator()


def is_unconfirmed(user: User) -> bool:
    """Signed up but never confirmed the address (an operator's deactivation has logged in before)."""
    return not user.is_active and user.last_login is None


def _send(*, subject: str, body: str, email: str) -> None:
    from madang.core.tasks import send_email_task

    transaction.on_commit(lambda: send_email_task.enqueue(subject=subject, body=body, recipients=[email]))


def _activation_mail(user: User) -> None:
    link = absolute_url(
        reverse(
            "accounts:activate",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": activation_token.make_token(user),
            },
        )
    )
    body = _(
        "%(name)s 님, 마당에 가입해 주셔서 고맙습니다.\n\n"
        "아래 링크를 열어 가입을 마치세요 (%(days)s일 동안 유효합니다).\n\n%(link)s\n\n"
        "가입하지 않으셨다면 이 메일은 무시하세요. 확인하지 않은 계정은 쓸 수 없습니다."
    ) % {"name": user.display_name, "link": link, "days": settings.PASSWORD_RESET_TIMEOUT // 86400}
    _send(subject=_("[마당] 가입을 확인해 주세요"), body=body, email=user.email)


def _existing_account_mail(user: User) -> None:
    link = absolute_url(
        reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    body = _(
        "이 이메일 주소로 마당에 가입하려는 요청이 있었지만, 이미 가입된 계정이 있습니다.\n\n"
        "로그인: %(login)s\n\n비밀번호를 잊으셨다면 아래 링크에서 새 비밀번호를 정하세요.\n\n%(link)s\n\n"
        "요청하지 않았다면 이 메일은 무시하세요. 계정에는 아무 변화가 없습니다."
    ) % {"login": absolute_url(reverse("accounts:login")), "link": link}
    _send(subject=_("[마당] 이미 가입된 계정이 있습니다"), body=body, email=user.email)


def user_signup(*, email: str, display_name: str, password: str, district=None) -> None:
    """Sign-up from the public form. Answers the same whether or not the address has an account:

    - a new address gets an account waiting for confirmation and a link that activates it;
    - an address still waiting for confirmation gets the link again;
    - an address with an account gets "이미 가입된 계정이 있습니다" and a password-reset link.

    At most MAIL_RATE_LIMITS["per_address"] such e-mails per address per period, whoever asks
    (DomainError "rate_limited"; the caller also limits per client address).
    """
    limits = settings.MAIL_RATE_LIMITS
    email = User.objects.normalize_email(email).strip().lower()
    rate_limit(f"signup-mail:address:{email}", limits["per_address"], limits["period"])
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            user = user_register(
                email=email, display_name=display_name, password=password, district=district, active=False
            )
        except DomainError as error:
            if error.code != "duplicate_email":
                raise
            return  # a sign-up for the same address at the same moment: that one sends the e-mail
        _activation_mail(user)
    else:
        make_password(password)  # the same work as a new account, so the time taken tells nothing
        if is_unconfirmed(existing):
            _activation_mail(existing)
        else:
            _existing_account_mail(existing)


def user_activate(*, uidb64: str, token: str) -> User | None:
    """Confirm a new account from its e-mailed link; None when the link is wrong, used or old."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    if not is_unconfirmed(user) or not activation_token.check_token(user, token):
        return None
    with transaction.atomic():
        updated = User.objects.filter(pk=user.pk, is_active=False, last_login__isnull=True).update(
            is_active=True
        )
        if not updated:
            return None
        user.is_active = True
        audit_record(
            actor=user, action="verify", obj=user, after={"is_active": True}, note="sign-up confirmed"
        )
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
        "follows": [
            {"type": f.content_type.model, "id": f.object_id, "created_at": f.created_at.isoformat()}
            for f in user.follows.select_related("content_type")
        ],
        "notification_preferences": dict(user.notification_preferences.values_list("event", "channel")),
        "suspensions": [
            {
                "district": s.district.name,
                "reason": s.reason,
                "until": s.until.isoformat() if s.until else None,
                "created_at": s.created_at.isoformat(),
            }
            for s in user.suspensions.select_related("district")
        ],
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
            registry.role_granted(assignment, actor)
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
        registry.role_revoked(assignment, actor)
        assignment.delete()
    forget_roles(assignment.user)


# --- suspension ----------------------------------------------------------------------------------------


def ensure_not_suspended(user, district) -> None:
    """Refuse a write of a person suspended in `district` with a Korean message saying so."""
    from .predicates import user_suspensions

    suspensions = user_suspensions(user)
    district_id = getattr(district, "pk", district)
    if district_id in suspensions:
        until = suspensions[district_id]
        if until is None:
            message = _("이 자치구에서 활동이 정지된 계정입니다. 글을 쓰거나 참여할 수 없습니다.")
        else:
            message = _(
                "이 자치구에서 %(until)s까지 활동이 정지된 계정입니다. 글을 쓰거나 참여할 수 없습니다."
            ) % {"until": timezone.localtime(until).strftime("%Y년 %m월 %d일 %H:%M")}
        raise DomainError(message, code="suspended")


def user_suspend(*, actor, user: User, district, reason: str, until=None):
    """Suspend `user` in `district` (operators of the district); again: the reason and end are updated."""
    from madang.core.services import require_perm

    from .models import DistrictSuspension
    from .predicates import forget_suspensions

    require_perm(actor, "accounts.suspend_user", district, _("활동을 정지할 권한이 없습니다."))
    reason = clean_line(reason)
    if not reason:
        raise DomainError(_("정지 사유를 입력하세요."), code="required")
    if until is not None and until <= timezone.now():
        raise DomainError(_("정지 종료 일시는 지금보다 뒤여야 합니다."), code="invalid")
    if getattr(actor, "pk", None) == user.pk:
        raise DomainError(_("자기 자신의 활동은 정지할 수 없습니다."), code="invalid")
    with transaction.atomic():
        suspension, created = DistrictSuspension.objects.select_for_update().get_or_create(
            user=user,
            district=district,
            defaults={"reason": reason[:500], "until": until, "created_by": actor},
        )
        if not created:
            suspension.reason, suspension.until, suspension.created_by = reason[:500], until, actor
            suspension.save(update_fields=["reason", "until", "created_by"])
        audit_record(
            actor=actor,
            action="suspend",
            obj=suspension,
            district=district,
            after={"user": user.pk, "reason": suspension.reason, "until": until},
        )
    forget_suspensions(user)
    return suspension


def user_unsuspend(*, actor, user: User, district) -> bool:
    """Lift `user`'s suspension in `district`; False when there was none."""
    from madang.core.services import require_perm

    from .models import DistrictSuspension
    from .predicates import forget_suspensions

    require_perm(actor, "accounts.suspend_user", district, _("활동 정지를 해제할 권한이 없습니다."))
    with transaction.atomic():
        suspension = (
            DistrictSuspension.objects.select_for_update().filter(user=user, district=district).first()
        )
        if suspension is None:
            return False
        audit_record(
            actor=actor,
            action="unsuspend",
            obj=suspension,
            district=district,
            before={"user": user.pk, "reason": suspension.reason, "until": suspension.until},
        )
        suspension.delete()
    forget_suspensions(user)
    return True
