import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.models import AuditEntry, Notification
from madang.core.services import DomainError
from madang.districts.tests.factories import DistrictFactory, DongFactory
from madang.network import services
from madang.network.models import (
    Affiliation,
    IssueArea,
    Membership,
    Organisation,
    Person,
    Review,
    SearchEntry,
    Tie,
)
from madang.network.predicates import user_affiliations
from madang.network.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, editor_of

pytestmark = pytest.mark.django_db


def test_organisation_create_makes_creator_representative_and_indexes(gangbuk):
    user = UserFactory()
    dong = DongFactory(district=gangbuk, name="삼양동")
    care = IssueArea.objects.get(name="돌봄")
    org = services.organisation_create(
        actor=user,
        district=gangbuk,
        consent=True,
        issue_areas=[care],
        dongs=[dong],
        data={"name": "  <b>삼양</b> 아이돌봄 품앗이 ", "kind": "community", "founded_year": 2015},
    )
    assert org.name == "삼양 아이돌봄 품앗이"  # tags stripped, trimmed
    assert Affiliation.objects.get(organisation=org).person.user == user
    assert Person.objects.get(user=user, district=gangbuk).consent_at is not None
    assert SearchEntry.objects.get(object_type="organisation", object_id=org.pk).tokens.split()[:3]
    entry = AuditEntry.objects.get(object_type="network.organisation")
    assert entry.after["issue_areas"] == [care.pk]


def test_organisation_create_needs_consent_for_a_new_profile_and_writes_nothing(gangbuk):
    with pytest.raises(DomainError) as info:
        services.organisation_create(
            actor=UserFactory(), district=gangbuk, data={"name": "A", "kind": "civic"}
        )
    assert info.value.code == "consent_required"
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_organisation_duplicate_name_is_refused(gangbuk):
    OrganisationFactory(district=gangbuk, name="강북지역포럼")
    with pytest.raises(DomainError) as info:
        services.organisation_create(
            actor=UserFactory(),
            district=gangbuk,
            consent=True,
            data={"name": "강북지역포럼", "kind": "civic"},
        )
    assert info.value.code == "duplicate_organisation"
    assert Organisation.objects.count() == 1


def test_organisation_rejects_other_districts_dong_and_issue_area(gangbuk, mapo):
    mapo_dong = DongFactory(district=mapo, name="망원1동")
    mapo_area = IssueArea.objects.create(district=mapo, name="한강")
    for kwargs in ({"dongs": [mapo_dong]}, {"issue_areas": [mapo_area]}):
        with pytest.raises(DomainError):
            services.organisation_create(
                actor=UserFactory(),
                district=gangbuk,
                consent=True,
                data={"name": "X", "kind": "civic"},
                **kwargs,
            )
    assert not Organisation.objects.exists()


def test_organisation_rejects_unknown_kind_without_half_writing(gangbuk):
    with pytest.raises(DomainError):
        services.organisation_create(
            actor=UserFactory(), district=gangbuk, consent=True, data={"name": "X", "kind": "alien"}
        )
    assert not Organisation.objects.exists()
    assert not Person.objects.exists()


def test_organisation_update_by_editor_and_refusal_for_others(gangbuk):
    org = OrganisationFactory(district=gangbuk, name="옛 이름")
    editor = editor_of(org)
    services.organisation_update(actor=editor, org=org, data={"name": "새 이름", "description": "소개"})
    org.refresh_from_db()
    assert org.name == "새 이름"
    entry = AuditEntry.objects.get(action="update")
    assert entry.before["name"] == "옛 이름" and entry.after["name"] == "새 이름"
    with pytest.raises(DomainError):
        services.organisation_update(actor=UserFactory(), org=org, data={"name": "탈취"})


def test_membership_apply_and_approve_notifies_applicant(gangbuk):
    org = OrganisationFactory(district=gangbuk)
    editor = editor_of(org, email="rep@example.kr")
    membership = services.membership_apply(
        actor=editor, district=gangbuk, organisation=org, message="함께해요"
    )
    assert membership.status == Membership.Status.APPLIED
    operator = user_with_role(Role.OPERATOR, gangbuk)
    with pytest.raises(DomainError):
        services.membership_apply(actor=editor, district=gangbuk, organisation=org)
    services.membership_decide(actor=operator, membership=membership, approve=True)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED
    assert membership.decided_by == operator
    note = Notification.objects.get(user=editor)
    assert "승인" in note.message
    assert AuditEntry.objects.filter(object_type="network.membership").count() == 2


def test_membership_email_is_sent_on_commit(gangbuk, django_capture_on_commit_callbacks):
    org = OrganisationFactory(district=gangbuk)
    editor = editor_of(org, email="rep@example.kr")
    membership = services.membership_apply(actor=editor, district=gangbuk, organisation=org)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(
            actor=user_with_role(Role.OPERATOR, gangbuk),
            membership=membership,
            approve=False,
            reason="활동 지역이 다릅니다",
        )
    assert len(mail.outbox) == 1
    assert "활동 지역이 다릅니다" in mail.outbox[0].body
    assert mail.outbox[0].to == ["rep@example.kr"]
    # the link is absolute (SITE_URL): a relative one means nothing in a mail app
    assert mail.outbox[0].body.rstrip().endswith(f"{settings.SITE_URL}/gangbuk/network/")


def test_reject_needs_reason_and_second_decision_is_refused(gangbuk):
    membership = MembershipFactory(organisation=OrganisationFactory(district=gangbuk))
    operator = user_with_role(Role.OPERATOR, gangbuk)
    with pytest.raises(DomainError) as info:
        services.membership_decide(actor=operator, membership=membership, approve=False, reason=" ")
    assert info.value.code == "reason_required"
    services.membership_decide(actor=operator, membership=membership, approve=True)
    with pytest.raises(DomainError) as info:
        services.membership_decide(actor=operator, membership=membership, approve=False, reason="x")
    assert info.value.code == "conflict"


def test_only_editors_apply_for_an_organisation(gangbuk):
    org = OrganisationFactory(district=gangbuk)
    with pytest.raises(DomainError):
        services.membership_apply(actor=UserFactory(), district=gangbuk, organisation=org)
    assert not Membership.objects.exists()


def test_person_membership_and_leaving(gangbuk):
    user = UserFactory()
    membership = services.membership_apply(actor=user, district=gangbuk, consent=True)
    assert membership.person.user == user
    services.membership_decide(
        actor=user_with_role(Role.OPERATOR, gangbuk), membership=membership, approve=True
    )
    services.membership_leave(actor=user, membership=membership)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT and membership.left_at
    # may apply again after leaving
    again = services.membership_apply(actor=user, district=gangbuk)
    assert again.pk != membership.pk


def test_network_update_target(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    network = services.network_update(
        actor=admin, district=gangbuk, name="강북구민간협의회", description="", member_target=1000
    )
    assert network.member_target == 1000
    with pytest.raises(DomainError):
        services.network_update(
            actor=user_with_role(Role.RESIDENT, gangbuk),
            district=gangbuk,
            name="x",
            description="",
            member_target=1,
        )


def test_tie_add_normalises_order_and_refuses_duplicates_and_self(gangbuk, mapo):
    a, b = OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk)
    editor = editor_of(b)
    t = services.tie_add(
        actor=editor, org_a=b, org_b=a, kind=Tie.Kind.CO_HOST, since=datetime.date(2020, 5, 1)
    )
    assert (t.source_id, t.target_id) == (min(a.pk, b.pk), max(a.pk, b.pk))
    with pytest.raises(DomainError) as info:
        services.tie_add(actor=editor, org_a=a, org_b=b, kind=Tie.Kind.CO_HOST)
    assert info.value.code == "duplicate_tie"
    with pytest.raises(DomainError):
        services.tie_add(actor=editor, org_a=b, org_b=b, kind=Tie.Kind.CO_HOST)
    with pytest.raises(DomainError):
        services.tie_add(
            actor=editor, org_a=b, org_b=OrganisationFactory(district=mapo), kind=Tie.Kind.CO_HOST
        )
    with pytest.raises(DomainError) as info:
        services.tie_add(actor=UserFactory(), org_a=a, org_b=b, kind=Tie.Kind.NETWORK)
    assert info.value.code == "forbidden"
    assert Tie.objects.count() == 1


def test_committee_and_seats(gangbuk):
    operator = user_with_role(Role.OPERATOR, gangbuk)
    committee = services.committee_create(
        actor=operator, district=gangbuk, name="운영위원회", kind="steering"
    )
    person = PersonFactory(district=gangbuk)
    seat = services.seat_add(
        actor=operator,
        committee=committee,
        person=person,
        role="chair",
        term_start=datetime.date(2024, 1, 1),
        term_end=datetime.date(2025, 12, 31),
    )
    assert seat.get_role_display() == "위원장"
    with pytest.raises(DomainError):
        services.seat_add(
            actor=operator,
            committee=committee,
            person=person,
            role="member",
            term_start=datetime.date(2024, 1, 1),
            term_end=datetime.date(2023, 1, 1),
        )
    services.seat_end(actor=operator, seat=seat, term_end=datetime.date(2024, 6, 30))
    seat.refresh_from_db()
    assert seat.term_end == datetime.date(2024, 6, 30)


def test_resource_create_by_editor_for_own_organisation_only(gangbuk):
    org, other = OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk)
    editor = editor_of(org)
    resource = services.resource_create(
        actor=editor, district=gangbuk, data={"name": "회의실", "kind": "space", "owner": org}
    )
    assert SearchEntry.objects.filter(object_type="resource", object_id=resource.pk).exists()
    with pytest.raises(DomainError):
        services.resource_create(
            actor=editor, district=gangbuk, data={"name": "남의 것", "kind": "space", "owner": other}
        )


def test_issue_area_add_refuses_duplicates_of_common_ones(gangbuk):
    operator = user_with_role(Role.OPERATOR, gangbuk)
    area = services.issue_area_add(actor=operator, district=gangbuk, name="북한산 생태")
    assert area.district == gangbuk
    with pytest.raises(DomainError):
        services.issue_area_add(actor=operator, district=gangbuk, name="돌봄")


def test_person_update_export_and_delete(gangbuk):
    user = UserFactory()
    person = services.person_get_or_register(user=user, district=gangbuk, consent=True)
    dong = DongFactory(district=gangbuk, name="수유1동")
    services.person_update(
        actor=user,
        person=person,
        data={"skills": "사진 촬영", "dong": dong, "is_public": True, "phone": "010-0000-0000"},
        interests=[IssueArea.objects.get(name="청년")],
    )
    data = services.person_export(person=person)
    assert data["skills"] == "사진 촬영" and data["interests"] == ["청년"] and data["dong"] == "수유1동"
    services.person_delete(actor=user, person=person)
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not SearchEntry.objects.filter(object_type="person", object_id=person.pk).exists()


def test_private_person_is_not_indexed(gangbuk):
    user = UserFactory()
    person = services.person_get_or_register(user=user, district=gangbuk, consent=True)
    services.person_update(actor=user, person=person, data={"is_public": False, "skills": "비밀 기술"})
    assert not SearchEntry.objects.filter(object_type="person", object_id=person.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_operators_approving_at_once_make_one_membership(gangbuk):
    org = OrganisationFactory(district=gangbuk)
    membership = MembershipFactory(organisation=org, applied_by=editor_of(org))
    operators = [user_with_role(Role.OPERATOR, gangbuk) for _ in range(6)]
    barrier = threading.Barrier(len(operators))
    outcomes = []

    def approve(operator):
        try:
            barrier.wait()
            services.membership_decide(
                actor=operator, membership=Membership.objects.get(pk=membership.pk), approve=True
            )
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(op,)) for op in operators]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 5 + ["ok"]
    assert Membership.objects.filter(organisation=org, status="approved").count() == 1
    assert Notification.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="network.membership", action="approve").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_make_one_open_membership(gangbuk):
    org = OrganisationFactory(district=gangbuk)
    editors = [editor_of(org) for _ in range(5)]
    barrier = threading.Barrier(len(editors))
    outcomes = []

    def apply(editor):
        try:
            barrier.wait()
            services.membership_apply(actor=editor, district=gangbuk, organisation=org)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(e,)) for e in editors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert Membership.objects.filter(organisation=org).count() == 1


# --- review (issue #7, item 9): nothing a person adds goes live without review ------------------------


def _register(user, district, name="새내기 마을모임"):
    return services.organisation_create(
        actor=user, district=district, consent=True, data={"name": name, "kind": "community"}
    )


def test_a_persons_registration_waits_for_review_and_their_new_profile_is_unlisted(gangbuk):
    user = UserFactory()  # no role in 강북구: may still apply, as an applicant
    org = _register(user, gangbuk)
    assert org.status == Review.PENDING
    assert Person.objects.get(user=user, district=gangbuk).is_public is False
    assert Affiliation.objects.get(organisation=org).role == Affiliation.Role.REPRESENTATIVE
    entry = AuditEntry.objects.get(object_type="network.organisation", action="create")
    assert entry.after["status"] == "pending"
    assert not Organisation.objects.in_district(gangbuk).public().filter(pk=org.pk).exists()
    assert Organisation.objects.visible_to(user, gangbuk).filter(pk=org.pk).exists()
    assert not Organisation.objects.visible_to(UserFactory(), gangbuk).filter(pk=org.pk).exists()
    operator = user_with_role(Role.OPERATOR, gangbuk)
    assert Organisation.objects.visible_to(operator, gangbuk).filter(pk=org.pk).exists()


def test_an_operators_registration_is_approved_at_once(gangbuk):
    org = _register(user_with_role(Role.OPERATOR, gangbuk), gangbuk)
    assert org.status == Review.APPROVED


def test_model_default_is_approved_for_rows_made_outside_registration(gangbuk):
    """Imports, demo data and operators' tools create approved rows; only the service sets pending."""
    assert Organisation(district=gangbuk, name="x", kind="civic").status == Review.APPROVED
    assert Affiliation().status == Review.APPROVED and Tie().status == Review.APPROVED


def test_operator_approves_registration_notifies_and_audits(gangbuk, django_capture_on_commit_callbacks):
    user = UserFactory(email="applicant@example.kr")
    org = _register(user, gangbuk)
    operator = user_with_role(Role.OPERATOR, gangbuk)
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_decide(actor=operator, org=org, approve=True)
    org.refresh_from_db()
    assert org.status == Review.APPROVED and org.decided_at is not None
    assert AuditEntry.objects.filter(object_type="network.organisation", action="approve").count() == 1
    note = Notification.objects.get(user=user)
    assert "승인" in note.message and note.url == org.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["applicant@example.kr"]]
    assert "승인" in mail.outbox[0].body
    with pytest.raises(DomainError) as second:
        services.organisation_decide(actor=operator, org=org, approve=False, reason="늦은 반려")
    assert second.value.code == "conflict"


def test_rejecting_a_registration_needs_a_reason_and_only_staff_decide(gangbuk):
    user = UserFactory()
    org = _register(user, gangbuk)
    with pytest.raises(DomainError) as forbidden:
        services.organisation_decide(actor=user, org=org, approve=True)
    assert forbidden.value.code == "forbidden"
    operator = user_with_role(Role.OPERATOR, gangbuk)
    with pytest.raises(DomainError) as info:
        services.organisation_decide(actor=operator, org=org, approve=False, reason="  ")
    assert info.value.code == "reason_required"
    services.organisation_decide(actor=operator, org=org, approve=False, reason="실체 확인 불가")
    org.refresh_from_db()
    assert org.status == Review.REJECTED and org.decision_reason == "실체 확인 불가"
    assert "실체 확인 불가" in Notification.objects.get(user=user).message


def test_pending_organisation_cannot_apply_tie_or_be_joined(gangbuk):
    user = UserFactory()
    org = _register(user, gangbuk)
    other = OrganisationFactory(district=gangbuk)
    with pytest.raises(DomainError) as apply:
        services.membership_apply(actor=user, district=gangbuk, organisation=org)
    assert apply.value.code == "not_reviewed"
    with pytest.raises(DomainError) as tied:
        services.tie_add(actor=user, org_a=org, org_b=other, kind="co_host")
    assert tied.value.code == "not_reviewed"
    with pytest.raises(DomainError) as joined:
        services.affiliation_join(user=UserFactory(), org=org, consent=True)
    assert joined.value.code == "not_reviewed"


def test_self_declared_member_is_pending_and_creates_no_public_profile(gangbuk):
    org = OrganisationFactory(district=gangbuk)
    editor = editor_of(org)
    user = UserFactory(email="member@example.kr")
    affiliation = services.affiliation_join(user=user, org=org, consent=True)
    assert affiliation.status == Review.PENDING
    person = Person.objects.get(user=user, district=gangbuk)
    assert person.is_public is False
    assert not Affiliation.objects.public().filter(pk=affiliation.pk).exists()
    assert services.affiliation_join(user=user, org=org, consent=True) == affiliation  # idempotent
    # a pending 회원 gets no rights from it
    assert org.pk not in user_affiliations(user)

    with pytest.raises(DomainError) as info:
        services.affiliation_decide(actor=UserFactory(), affiliation=affiliation, approve=True)
    assert info.value.code == "forbidden"
    services.affiliation_decide(actor=editor, affiliation=affiliation, approve=True)
    affiliation.refresh_from_db()
    assert affiliation.status == Review.APPROVED
    assert Affiliation.objects.public().filter(pk=affiliation.pk).exists()
    person.refresh_from_db()
    assert person.is_public is False  # listing the profile stays the person's own choice
    assert "구성원으로 확인" in Notification.objects.get(user=user).message
    assert AuditEntry.objects.filter(object_type="network.affiliation", action="approve").count() == 1


def test_operator_rejects_a_self_declared_member_with_reason(gangbuk):
    org = OrganisationFactory(district=gangbuk)
    affiliation = services.affiliation_join(user=UserFactory(), org=org, consent=True)
    operator = user_with_role(Role.OPERATOR, gangbuk)
    with pytest.raises(DomainError):
        services.affiliation_decide(actor=operator, affiliation=affiliation, approve=False)
    services.affiliation_decide(actor=operator, affiliation=affiliation, approve=False, reason="모르는 분")
    assert Affiliation.objects.get(pk=affiliation.pk).status == Review.REJECTED
    other_district_operator = user_with_role(Role.OPERATOR, DistrictFactory())
    second = services.affiliation_join(user=UserFactory(), org=org, consent=True)
    with pytest.raises(DomainError) as info:
        services.affiliation_decide(actor=other_district_operator, affiliation=second, approve=True)
    assert info.value.code == "forbidden"


def test_tie_recorded_by_one_side_waits_for_the_other(gangbuk):
    from madang.network.analytics import data_version, network_stats

    a, b = OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk)
    editor_a, editor_b = editor_of(a), editor_of(b)
    tie = services.tie_add(actor=editor_a, org_a=a, org_b=b, kind="co_host")
    assert tie.status == Review.PENDING and tie.counterpart == b
    assert network_stats(gangbuk, use_cache=False)["ties"] == 0
    assert not Tie.objects.public().exists()
    with pytest.raises(DomainError) as own_side:
        services.tie_decide(actor=editor_a, tie=tie, approve=True)
    assert own_side.value.code == "forbidden"
    before = data_version(gangbuk)
    services.tie_decide(actor=editor_b, tie=tie, approve=True)
    assert data_version(gangbuk) != before
    assert network_stats(gangbuk, use_cache=False)["ties"] == 1
    assert "확인" in Notification.objects.get(user=editor_a).message


def test_operator_and_two_sided_editor_ties_are_confirmed_at_once(gangbuk):
    a, b = OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk)
    operator = user_with_role(Role.OPERATOR, gangbuk)
    assert services.tie_add(actor=operator, org_a=a, org_b=b, kind="co_host").status == Review.APPROVED
    both = editor_of(a)
    Affiliation.objects.create(
        organisation=b, person=Person.objects.get(user=both), role=Affiliation.Role.STAFF
    )
    assert services.tie_add(actor=both, org_a=a, org_b=b, kind="network").status == Review.APPROVED


def test_creation_is_rate_limited_per_account_and_operators_are_exempt(gangbuk):
    user = UserFactory()
    limit = services.CREATION_LIMITS["organisation"]
    for n in range(limit):
        _register(user, gangbuk, name=f"모임{n}")
    with pytest.raises(DomainError) as info:
        _register(user, gangbuk, name="하나 더")
    assert info.value.code == "rate_limited"
    assert "시간 뒤에 다시 시도하세요" in info.value.message
    _register(UserFactory(), gangbuk, name="다른 사람")  # per account
    operator = user_with_role(Role.OPERATOR, gangbuk)
    for n in range(limit + 2):
        _register(operator, gangbuk, name=f"운영진 등록{n}")


def test_ties_are_rate_limited_per_account(gangbuk):
    hub = OrganisationFactory(district=gangbuk)
    editor = editor_of(hub)
    others = OrganisationFactory.create_batch(services.CREATION_LIMITS["tie"] + 1, district=gangbuk)
    for other in others[:-1]:
        services.tie_add(actor=editor, org_a=hub, org_b=other, kind="co_host")
    with pytest.raises(DomainError) as info:
        services.tie_add(actor=editor, org_a=hub, org_b=others[-1], kind="co_host")
    assert info.value.code == "rate_limited"
    assert not Tie.objects.public().exists()  # 30 one-sided ties: none counts


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_operators_approving_one_organisation_make_one_decision(gangbuk):
    org = _register(UserFactory(), gangbuk)
    operators = [user_with_role(Role.OPERATOR, gangbuk) for _ in range(6)]
    barrier = threading.Barrier(len(operators))
    outcomes = []

    def approve(operator):
        try:
            barrier.wait()
            services.organisation_decide(
                actor=operator, org=Organisation.objects.get(pk=org.pk), approve=True
            )
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(op,)) for op in operators]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 5 + ["ok"]
    assert Organisation.objects.get(pk=org.pk).status == Review.APPROVED
    assert AuditEntry.objects.filter(object_type="network.organisation", action="approve").count() == 1
    assert Notification.objects.filter(url=org.get_absolute_url()).count() == 1
