import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from madang.accounts import services
from madang.accounts.models import Role, RoleAssignment, User
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.models import AuditEntry
from madang.core.services import DomainError

pytestmark = pytest.mark.django_db


def test_register_creates_user_with_consent_and_resident_role(gangbuk):
    user = services.user_register(
        email="Kim@Example.KR", display_name="김주민", password="long-enough-pass-42", district=gangbuk
    )
    assert user.email == "kim@example.kr"
    assert user.privacy_consent_at is not None
    assert user.check_password("long-enough-pass-42")
    assert list(user.roles.values_list("district__slug", "role")) == [("gangbuk", Role.RESIDENT)]


def test_register_rejects_duplicate_email_case_insensitively(seoul):
    services.user_register(email="a@example.kr", display_name="가", password="long-enough-pass-42")
    with pytest.raises(DomainError) as info:
        services.user_register(email="A@EXAMPLE.KR", display_name="나", password="long-enough-pass-42")
    assert info.value.code == "duplicate_email"
    assert User.objects.count() == 1


def test_register_rejects_weak_password_and_writes_nothing(gangbuk):
    with pytest.raises(ValidationError):
        services.user_register(email="w@example.kr", display_name="약", password="1234", district=gangbuk)
    assert not User.objects.exists()
    assert not RoleAssignment.objects.exists()


def test_grant_role_is_audited_in_district(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    person = UserFactory()
    assignment = services.role_grant(actor=admin, user=person, district=gangbuk, role=Role.OPERATOR)
    entry = AuditEntry.objects.get(object_type="accounts.roleassignment", object_id=str(assignment.pk))
    assert entry.action == "grant"
    assert entry.actor == admin
    assert entry.district == gangbuk
    assert entry.after["role"] == Role.OPERATOR


def test_operator_cannot_make_operators(gangbuk):
    operator = user_with_role(Role.OPERATOR, gangbuk)
    with pytest.raises(DomainError) as info:
        services.role_grant(actor=operator, user=UserFactory(), district=gangbuk, role=Role.OPERATOR)
    assert info.value.code == "forbidden"
    assert not AuditEntry.objects.exists()


def test_official_needs_a_department(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    with pytest.raises(DomainError) as info:
        services.role_grant(actor=admin, user=UserFactory(), district=gangbuk, role=Role.OFFICIAL)
    assert info.value.code == "department_required"
    ok = services.role_grant(
        actor=admin, user=UserFactory(), district=gangbuk, role=Role.OFFICIAL, department=" 자치행정과 "
    )
    assert ok.department == "자치행정과"


def test_duplicate_grant_is_refused_cleanly(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    person = UserFactory()
    services.role_grant(actor=admin, user=person, district=gangbuk, role=Role.RESIDENT)
    with pytest.raises(DomainError) as info:
        services.role_grant(actor=admin, user=person, district=gangbuk, role=Role.RESIDENT)
    assert info.value.code == "duplicate_role"
    assert RoleAssignment.objects.filter(user=person).count() == 1
    assert AuditEntry.objects.count() == 1  # the refused grant left no audit entry


def test_admin_elsewhere_cannot_grant_here(gangbuk, mapo):
    admin_mapo = user_with_role(Role.DISTRICT_ADMIN, mapo)
    with pytest.raises(DomainError):
        services.role_grant(actor=admin_mapo, user=UserFactory(), district=gangbuk, role=Role.RESIDENT)


def test_city_admin_grants_city_admin(seoul, gangbuk):
    city_admin = user_with_role(Role.CITY_ADMIN, city=seoul)
    person = UserFactory()
    ra = services.role_grant(actor=city_admin, user=person, district=gangbuk, role=Role.CITY_ADMIN)
    assert ra.district is None and ra.city == seoul


def test_revoke_is_audited_and_refreshes_permissions(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    operator = user_with_role(Role.OPERATOR, gangbuk)
    assert operator.has_perm("accounts.manage_roles", gangbuk)
    assignment = operator.roles.get()
    services.role_revoke(actor=admin, assignment=assignment)
    assert not operator.has_perm("accounts.manage_roles", gangbuk)
    entry = AuditEntry.objects.get(action="revoke")
    assert entry.before["role"] == Role.OPERATOR


def test_delete_account_keeps_audit_label(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk, display_name="관리자 갑")
    services.role_grant(actor=admin, user=UserFactory(), district=gangbuk, role=Role.RESIDENT)
    services.user_delete(user=admin)
    entry = AuditEntry.objects.get()
    assert entry.actor is None
    assert entry.actor_label == "관리자 갑"


def test_export_contains_account_and_roles(gangbuk):
    user = user_with_role(Role.RESIDENT, gangbuk, email="me@example.kr")
    data = services.user_export(user=user)
    assert data["account"]["email"] == "me@example.kr"
    assert data["roles"][0]["district"] == "강북구"


def test_export_delete_and_rename_call_every_registered_app(gangbuk):
    """Accounts knows no capability app: each one plugs its personal data in through the registry."""
    from madang.core import registry

    calls = []
    with registry.isolated():
        registry.register_personal_data(
            "forum_posts",
            export=lambda user: [{"title": f"{user.display_name}의 글"}],
            erase=lambda user: calls.append(("erase", User.objects.filter(pk=user.pk).exists())),
            refresh=lambda user: calls.append(("refresh", user.display_name)),
        )
        user = user_with_role(Role.RESIDENT, gangbuk, display_name="한글이")
        data = services.user_export(user=user)
        assert data["forum_posts"] == [{"title": "한글이의 글"}] and data["activist_profiles"] == []
        assert list(data)[-3:] == ["notifications", "account", "roles"]
        services.user_update_profile(user=user, display_name="새이름")
        services.user_delete(user=user)
    assert calls == [("refresh", "새이름"), ("erase", True)]  # erased before the account row goes
    assert not User.objects.filter(pk=user.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_grants_make_one_role(gangbuk):
    """Eight operators grant the same role at once: one row, the rest a clean refusal."""
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    person = UserFactory()
    barrier = threading.Barrier(8)
    outcomes = []

    def grant():
        try:
            barrier.wait()
            services.role_grant(actor=admin, user=person, district=gangbuk, role=Role.RESIDENT)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=grant) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["duplicate_role"] * 7 + ["ok"]
    assert RoleAssignment.objects.filter(user=person, district=gangbuk, role=Role.RESIDENT).count() == 1
    assert AuditEntry.objects.filter(action="grant").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_with_one_email_make_one_account(seoul):
    barrier = threading.Barrier(6)
    outcomes = []

    def signup(i):
        try:
            barrier.wait()
            services.user_register(
                email="same@example.kr", display_name=f"사람{i}", password="long-enough-pass-42"
            )
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=signup, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert User.objects.filter(email="same@example.kr").count() == 1


def test_account_deletion_and_renaming_update_the_search_index(gangbuk):
    from madang.network import search
    from madang.network.models import SearchEntry
    from madang.network.services import person_get_or_register, person_update

    user = UserFactory(display_name="김옛이름")
    person = person_get_or_register(user=user, district=gangbuk, consent=True)
    person_update(actor=user, person=person, data={"bio": "비밀이야기", "is_public": True})
    services.user_update_profile(user=user, display_name="박새이름")
    assert search.search_ids(district=gangbuk, query="박새이름") == [("person", person.pk)]
    assert search.search_ids(district=gangbuk, query="김옛이름") == []
    assert services.user_export(user=user)["activist_profiles"][0]["bio"] == "비밀이야기"
    services.user_delete(user=user)
    assert not SearchEntry.objects.exists()
    assert search.search_ids(district=gangbuk, query="비밀이야기") == []


# --- sign-up that does not tell who has an account ---------------------------------------------------


def test_signup_service_creates_a_waiting_account_and_mails_its_link(
    gangbuk, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.SITE_URL = "https://madang.example.kr"
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.user_signup(email="New@Example.kr", display_name="새", password="long-enough-pass-42")
            is None
        )
    user = User.objects.get(email="new@example.kr")
    assert not user.is_active and services.is_unconfirmed(user)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/activate/" in line)
    assert link.startswith("https://madang.example.kr/accounts/activate/")
    uidb64, token = link.rstrip("/").split("/")[-2:]
    assert services.user_activate(uidb64=uidb64, token=token) == user
    user.refresh_from_db()
    assert user.is_active
    assert AuditEntry.objects.filter(action="verify", object_id=str(user.pk)).exists()
    assert services.user_activate(uidb64=uidb64, token=token) is None  # once


def test_signup_service_for_an_existing_account_writes_nothing_and_mails_the_owner(
    seoul, django_capture_on_commit_callbacks
):
    from django.core import mail

    user = UserFactory(email="a@example.kr", display_name="원래")
    with django_capture_on_commit_callbacks(execute=True):
        services.user_signup(email="A@example.kr", display_name="다른", password="long-enough-pass-42")
    assert User.objects.count() == 1
    user.refresh_from_db()
    assert user.display_name == "원래" and user.is_active
    assert mail.outbox[0].to == ["a@example.kr"]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_signup_service_limits_mails_per_address(seoul, settings):
    settings.MAIL_RATE_LIMITS = {"per_address": 1, "per_ip": 20, "period": 3600}
    UserFactory(email="a@example.kr")
    services.user_signup(email="a@example.kr", display_name="가", password="long-enough-pass-42")
    with pytest.raises(DomainError) as info:
        services.user_signup(email="A@EXAMPLE.KR", display_name="가", password="long-enough-pass-42")
    assert info.value.code == "rate_limited"
    assert "요청이 너무 많습니다" in info.value.message
