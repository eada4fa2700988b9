import datetime
import itertools

import pytest
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting import services
from madang.budgeting.models import ChannelWeight, Cycle, Heading, Project, ReviewCriterion, Screening
from madang.core.models import AuditEntry
from madang.core.services import DomainError
from madang.districts.tests.factories import DongFactory
from madang.processes.predicates import phase_current

from .factories import HeadingFactory, ProjectFactory, committee_member, cycle_in_phase, verified_resident

pytestmark = pytest.mark.django_db
S = Project.Status


@pytest.fixture
def operator(mapo):
    return user_with_role(Role.OPERATOR, mapo)


# --- cycles ------------------------------------------------------------------------------------------


def test_cycle_create_makes_the_process_seven_phases_criteria_and_weights(mapo, operator):
    cycle = services.cycle_create(
        actor=operator,
        district=mapo,
        year=2027,
        title="2027 마포 주민참여예산",
        slug="budget-2027",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        weights_preset="2019",
        approval_max_picks=7,
    )
    process = cycle.process
    assert process.kind == "budgeting" and process.district == mapo and cycle.slug == "budget-2027"
    phases = list(process.phases.order_by("starts_at"))
    assert [p.name for p in phases] == [name for name, _f, _d in services.PHASES]
    assert phases[0].features == ["propose", "comment"] and "screen" in phases[1].features
    assert "review" in phases[2].features and "vote" in phases[3].features
    assert all(a.ends_at == b.starts_at for a, b in itertools.pairwise(phases))
    assert phases[-1].ends_at.date() >= datetime.date(2027, 12, 31)
    assert cycle.approval_max_picks == 7
    assert [c.name for c in ReviewCriterion.objects.filter(cycle=cycle)] == [
        "필요성",
        "시급성",
        "실현가능성",
        "파급효과",
    ]
    weights = dict(ChannelWeight.objects.filter(cycle=cycle).values_list("channel", "weight"))
    assert weights == ChannelWeight.PRESETS["2019"] and sum(weights.values()) == 100
    assert AuditEntry.objects.filter(object_type="budgeting.cycle", action="create").count() == 1


def test_short_cycle_phases_shrink_to_fit(mapo, operator):
    cycle = services.cycle_create(
        actor=operator,
        district=mapo,
        year=2027,
        title="짧은 회차",
        slug="short",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 20),
    )
    phases = list(cycle.process.phases.order_by("starts_at"))
    assert len(phases) == 7 and all(p.ends_at > p.starts_at for p in phases)
    assert timezone.localtime(phases[-1].ends_at).date() == datetime.date(2027, 3, 21)


def test_cycle_create_refuses_residents_and_too_short_cycles(mapo, operator):
    resident = user_with_role(Role.RESIDENT, mapo)
    with pytest.raises(DomainError) as error:
        services.cycle_create(
            actor=resident,
            district=mapo,
            year=2027,
            title="x",
            slug="x",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
        )
    assert error.value.code == "forbidden"
    with pytest.raises(DomainError) as error:
        services.cycle_create(
            actor=operator,
            district=mapo,
            year=2027,
            title="x",
            slug="x",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 1, 3),
        )
    assert error.value.code == "invalid_dates"
    assert not Cycle.objects.exists()


def test_channel_weights_must_sum_to_100(mapo, operator):
    cycle = cycle_in_phase(mapo)
    with pytest.raises(DomainError) as error:
        services.channel_weights_set(actor=operator, cycle=cycle, weights={"online": 50, "committee": 40})
    assert error.value.code == "invalid_weight" and "100" in error.value.message
    with pytest.raises(DomainError):
        services.channel_weights_set(actor=operator, cycle=cycle, weights={"online": 150, "committee": -50})
    with pytest.raises(DomainError):
        services.channel_weights_set(actor=operator, cycle=cycle, weights={"lottery": 100})
    services.channel_weights_set(actor=operator, cycle=cycle, weights=ChannelWeight.PRESETS["vote"])
    assert dict(cycle.channel_weights.values_list("channel", "weight")) == {"online": 50, "offline": 50}


def test_cycle_update_checks_settings(mapo, operator):
    cycle = cycle_in_phase(mapo)
    with pytest.raises(DomainError):
        services.cycle_update(actor=operator, cycle=cycle, data={"approval_max_picks": 0})
    cycle.refresh_from_db()
    with pytest.raises(DomainError):
        services.cycle_update(actor=operator, cycle=cycle, data={"knapsack_min_share": 101})
    cycle.refresh_from_db()
    services.cycle_update(
        actor=operator, cycle=cycle, data={"ballot_kind": "knapsack", "knapsack_min_share": 70}
    )
    cycle.refresh_from_db()
    assert (cycle.ballot_kind, cycle.knapsack_min_share) == ("knapsack", 70)


# --- headings ----------------------------------------------------------------------------------------


def test_heading_crud_and_bad_amounts(mapo, gangbuk, operator):
    cycle = cycle_in_phase(mapo)
    dong = DongFactory(district=mapo, name="망원1동")
    heading = services.heading_create(
        actor=operator,
        cycle=cycle,
        data={"name": "망원1동 예산", "kind": "dong", "dong": dong, "amount": 50_000_000},
    )
    assert heading.amount == 50_000_000
    for amount in (0, -5, 10**13):
        with pytest.raises(DomainError) as error:
            services.heading_create(
                actor=operator, cycle=cycle, data={"name": f"x{amount}", "amount": amount}
            )
        assert error.value.code == "invalid_amount"
    with pytest.raises(DomainError) as error:
        services.heading_create(actor=operator, cycle=cycle, data={"name": "망원1동 예산", "amount": 1})
    assert error.value.code == "duplicate_heading"
    with pytest.raises(DomainError) as error:
        services.heading_create(
            actor=operator,
            cycle=cycle,
            data={"name": "남의 동", "kind": "dong", "dong": DongFactory(district=gangbuk), "amount": 1},
        )
    assert error.value.code == "out_of_district"
    with pytest.raises(DomainError) as error:
        services.heading_create(
            actor=operator, cycle=cycle, data={"name": "동 없음", "kind": "dong", "amount": 1}
        )
    assert error.value.code == "dong_required"
    services.heading_update(actor=operator, heading=heading, data={"amount": 70_000_000})
    heading.refresh_from_db()
    assert heading.amount == 70_000_000
    ProjectFactory(heading=heading)
    with pytest.raises(DomainError):
        services.heading_delete(actor=operator, heading=heading)
    empty = HeadingFactory(cycle=cycle)
    services.heading_delete(actor=operator, heading=empty)
    assert not Heading.objects.filter(pk=empty.pk).exists()


# --- proposing ---------------------------------------------------------------------------------------


def _data(heading, **extra):
    return {
        "heading": heading,
        "title": "망원천 산책로 조명",
        "description": "밤길이 어둡습니다.",
        "cost": 40_000_000,
        **extra,
    }


def test_verified_resident_proposes_in_the_proposal_phase(mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    resident = verified_resident(cycle, age=20)
    project = services.project_propose(
        actor=resident, cycle=cycle, data=_data(heading, title=" 망원천\u200b 조명 ")
    )
    assert project.author == resident and project.status == S.SUBMITTED and project.title == "망원천 조명"
    assert AuditEntry.objects.filter(object_type="budgeting.project", action="create").exists()


@pytest.mark.parametrize("age,ok", [(13, False), (14, True)])
def test_age_limit(mapo, age, ok):
    cycle = cycle_in_phase(mapo, "제안 접수", min_age=14)
    heading = HeadingFactory(cycle=cycle)
    resident = verified_resident(cycle, age=age)
    if ok:
        services.project_propose(actor=resident, cycle=cycle, data=_data(heading))
    else:
        with pytest.raises(DomainError) as error:
            services.project_propose(actor=resident, cycle=cycle, data=_data(heading))
        assert error.value.code == "forbidden" and "14세" in error.value.message


def test_unverified_resident_and_wrong_phase_are_refused(mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    unverified = user_with_role(Role.RESIDENT, mapo)
    with pytest.raises(DomainError) as error:
        services.project_propose(actor=unverified, cycle=cycle, data=_data(heading))
    assert "주민 확인" in error.value.message
    late = cycle_in_phase(mapo, "적격 심사")
    resident = verified_resident(late)
    with pytest.raises(DomainError) as error:
        services.project_propose(actor=resident, cycle=late, data=_data(HeadingFactory(cycle=late)))
    assert "제안 접수 기간" in error.value.message
    assert not Project.objects.exists()


def test_bad_costs_and_a_heading_of_another_cycle(mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    other = HeadingFactory(cycle=cycle_in_phase(mapo, "제안 접수"))
    resident = verified_resident(cycle)
    for cost in (0, -1_000, 10**12 + 1, None):
        with pytest.raises(DomainError) as error:
            services.project_propose(actor=resident, cycle=cycle, data=_data(heading, cost=cost))
        assert error.value.code == "invalid_cost"
    with pytest.raises(DomainError) as error:
        services.project_propose(actor=resident, cycle=cycle, data=_data(other))
    assert error.value.code == "invalid_heading"
    services.project_propose(
        actor=resident, cycle=cycle, data=_data(heading, cost=10**12)
    )  # 1조 is the limit
    assert Project.objects.count() == 1


def test_operator_enters_a_proposal_on_behalf(mapo, operator):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    project = services.project_propose_on_behalf(
        actor=operator, cycle=cycle, data=_data(heading), on_behalf_name="김마포"
    )
    assert project.author is None and project.on_behalf_name == "김마포" and project.entered_by == operator
    with pytest.raises(DomainError):
        services.project_propose_on_behalf(
            actor=operator, cycle=cycle, data=_data(heading), on_behalf_name=" "
        )
    resident = user_with_role(Role.RESIDENT, mapo)
    with pytest.raises(DomainError):
        services.project_propose_on_behalf(
            actor=resident, cycle=cycle, data=_data(heading), on_behalf_name="x"
        )


def test_proposals_are_rate_limited(mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    resident = verified_resident(cycle)
    for _ in range(services.PROPOSALS_PER_DAY):
        services.project_propose(actor=resident, cycle=cycle, data=_data(heading))
    with pytest.raises(DomainError) as error:
        services.project_propose(actor=resident, cycle=cycle, data=_data(heading))
    assert error.value.code == "rate_limited"


def test_author_edits_while_submitted_in_the_proposal_phase_and_withdraws(mapo):
    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    resident = verified_resident(cycle)
    project = services.project_propose(actor=resident, cycle=cycle, data=_data(heading))
    services.project_update(actor=resident, project=project, data={"cost": 45_000_000})
    assert Project.objects.get(pk=project.pk).cost == 45_000_000
    stranger = verified_resident(cycle)
    with pytest.raises(DomainError):
        services.project_update(actor=stranger, project=project, data={"cost": 1})
    services.project_withdraw(actor=resident, project=project)
    assert Project.objects.get(pk=project.pk).status == S.WITHDRAWN
    with pytest.raises(DomainError):
        services.project_withdraw(actor=resident, project=project)


# --- the handoff from 시민제안 -----------------------------------------------------------------------


def test_project_from_proposal_joins_the_open_cycle_and_the_dong_heading(mapo, operator):
    cycle = cycle_in_phase(mapo, "제안 접수")
    dong = DongFactory(district=mapo)
    HeadingFactory(cycle=cycle, name="구 전체", kind="district")
    dong_heading = HeadingFactory(cycle=cycle, name="동 예산", kind="dong", dong=dong)
    project = services.project_from_proposal(
        actor=operator,
        district=mapo,
        title="공원 그늘막",
        body="여름에 그늘이 없습니다.",
        dong=dong,
        source_url="/mapo/proposals/1/",
    )
    assert project.cycle == cycle and project.heading == dong_heading and project.cost is None
    assert project.source_url == "/mapo/proposals/1/" and project.final_cost is None
    # eligible only with a cost set by the screening; never on the ballot without one
    with pytest.raises(DomainError):
        services.project_shortlist(actor=operator, project=project)


def test_project_from_proposal_without_a_cycle(mapo, operator):
    """No cycle yet: nothing is created and the proposal's route is recorded without a link."""
    assert services.project_from_proposal(actor=operator, district=mapo, title="x", body="y") is None
    assert not Project.objects.exists()


# --- status machine, committee, shortlist, progress --------------------------------------------------


def test_transitions_follow_the_table(mapo, operator):
    cycle = cycle_in_phase(mapo, "집행 모니터링")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle))
    with pytest.raises(DomainError) as error:
        services.project_set_status(actor=operator, project=project, target=S.FUNDED)
    assert error.value.code == "invalid_transition" and "'접수'" in error.value.message
    services.project_set_status(actor=operator, project=project, target=S.ELIGIBLE)
    assert Project.objects.get(pk=project.pk).status == S.ELIGIBLE


def test_a_stale_transition_loses_cleanly(mapo, operator):
    cycle = cycle_in_phase(mapo, "집행 모니터링")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle))
    stale = Project.objects.get(pk=project.pk)
    services.project_set_status(actor=operator, project=project, target=S.INELIGIBLE)
    with pytest.raises(DomainError) as error:
        services.project_set_status(actor=operator, project=stale, target=S.ELIGIBLE)
    assert error.value.code == "conflict"
    assert Project.objects.get(pk=project.pk).status == S.INELIGIBLE


def test_committee_scores_and_the_weighted_total(mapo, operator):
    cycle = cycle_in_phase(mapo, "분과 심의")
    assert phase_current(cycle.process).name == "분과 심의"
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.ELIGIBLE)
    criteria = list(ReviewCriterion.objects.filter(cycle=cycle).order_by("order"))  # weights 30 25 25 20
    one, two = committee_member(cycle), committee_member(cycle)
    services.project_review(actor=one, project=project, scores={c.pk: 5 for c in criteria})
    services.project_review(
        actor=two, project=project, scores={c.pk: s for c, s in zip(criteria, [3, 3, 5, 5], strict=False)}
    )
    project.refresh_from_db()
    # means 4, 4, 5, 5 → (4·30 + 4·25 + 5·25 + 5·20) / 5 / 100 · 100 = 89
    assert project.review_count == 2 and str(project.review_total) == "89.00"
    services.project_review(actor=two, project=project, scores={c.pk: 5 for c in criteria})  # replaces
    project.refresh_from_db()
    assert str(project.review_total) == "100.00" and project.review_count == 2
    with pytest.raises(DomainError):
        services.project_review(
            actor=one, project=project, scores={criteria[0].pk: 6, **{c.pk: 3 for c in criteria[1:]}}
        )
    with pytest.raises(DomainError):
        services.project_review(actor=one, project=project, scores={criteria[0].pk: 3})
    with pytest.raises(DomainError) as error:
        services.project_review(actor=operator, project=project, scores={c.pk: 3 for c in criteria})
    assert error.value.code == "forbidden"


def test_shortlist_and_back(mapo, operator):
    cycle = cycle_in_phase(mapo, "분과 심의")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.ELIGIBLE)
    services.project_shortlist(actor=operator, project=project)
    assert Project.objects.get(pk=project.pk).status == S.SHORTLISTED
    services.project_shortlist(actor=operator, project=project, shortlisted=False)
    assert Project.objects.get(pk=project.pk).status == S.ELIGIBLE
    submitted = ProjectFactory(heading=HeadingFactory(cycle=cycle))
    with pytest.raises(DomainError) as error:
        services.project_shortlist(actor=operator, project=submitted)
    assert error.value.code == "invalid_transition"


def test_progress_updates_move_a_funded_project_to_done(mapo, operator):
    cycle = cycle_in_phase(mapo, "집행 모니터링")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.FUNDED)
    services.progress_add(actor=operator, project=project, text="설계 끝", percent=30)
    assert Project.objects.get(pk=project.pk).status == S.IN_PROGRESS
    with pytest.raises(DomainError):
        services.progress_add(actor=operator, project=project, text="x", percent=101)
    services.progress_add(actor=operator, project=project, text="준공", percent=100)
    project.refresh_from_db()
    assert project.status == S.DONE and project.progress_percent == 100
    not_funded = ProjectFactory(heading=project.heading, status=S.NOT_FUNDED)
    with pytest.raises(DomainError):
        services.progress_add(actor=operator, project=not_funded, text="x", percent=10)


def test_committee_membership(mapo, operator):
    cycle = cycle_in_phase(mapo, "분과 심의")
    person = user_with_role(Role.RESIDENT, mapo)
    member = services.committee_member_add(actor=operator, cycle=cycle, user=person)
    with pytest.raises(DomainError) as error:
        services.committee_member_add(actor=operator, cycle=cycle, user=person)
    assert error.value.code == "duplicate_member"
    services.committee_member_remove(actor=operator, member=member)
    assert not cycle.committee_members.exists()


# --- screening (departments) -------------------------------------------------------------------------


def _department(district, name="도로과"):
    from madang.districts.tests.factories import DepartmentFactory

    return DepartmentFactory(district=district, name=name)


def test_officials_screen_for_their_own_department(mapo, gangbuk):
    from madang.districts.tests.factories import department_member

    cycle = cycle_in_phase(mapo, "적격 심사")
    roads, parks = _department(mapo, "도로과"), _department(mapo, "공원녹지과")
    official = department_member(roads)
    author = user_with_role(Role.RESIDENT, mapo)
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), cost=50_000_000, author=author)
    with pytest.raises(DomainError) as error:
        services.project_screen(actor=official, project=project, department=parks, decision="eligible")
    assert error.value.code == "forbidden" and "공원녹지과" in error.value.message
    with pytest.raises(DomainError) as error:
        services.project_screen(
            actor=official, project=project, department=_department(gangbuk), decision="eligible"
        )
    assert error.value.code == "out_of_district"
    with pytest.raises(DomainError) as error:
        services.project_screen(actor=official, project=project, department=roads, decision="ineligible")
    assert error.value.code == "reason_required"
    screening = services.project_screen(
        actor=official, project=project, department=roads, decision="eligible", revised_cost=45_000_000
    )
    project.refresh_from_db()
    assert project.status == S.ELIGIBLE and project.final_cost == 45_000_000
    assert screening.department == roads and screening.by == official
    from madang.core.models import Notification

    note = Notification.objects.get(user=author)
    assert "적격" in note.message and note.url == project.get_absolute_url()
    # the department may correct itself during the phase: one screening row, the latest decision
    services.project_screen(
        actor=official, project=project, department=roads, decision="ineligible", reasons="중복"
    )
    project.refresh_from_db()
    assert project.status == S.INELIGIBLE and Screening.objects.get(project=project).reasons == "중복"
    withdrawn = ProjectFactory(heading=project.heading, status=S.WITHDRAWN)
    with pytest.raises(DomainError) as error:
        services.project_screen(actor=official, project=withdrawn, department=roads, decision="eligible")
    assert error.value.code == "invalid_transition"


def test_screening_outside_the_phase_and_by_residents_is_refused(mapo):
    from madang.districts.tests.factories import department_member

    roads = _department(mapo)
    official = department_member(roads)
    cycle = cycle_in_phase(mapo, "제안 접수")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle))
    with pytest.raises(DomainError) as error:
        services.project_screen(actor=official, project=project, department=roads, decision="eligible")
    assert error.value.code == "forbidden"
    assert not Project.objects.exclude(status=S.SUBMITTED).exists()


def test_a_routed_proposal_needs_a_revised_cost_to_be_eligible(mapo, operator):
    cycle = cycle_in_phase(mapo, "적격 심사")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), cost=None)
    roads = _department(mapo)
    with pytest.raises(DomainError) as error:
        services.project_screen(actor=operator, project=project, department=roads, decision="eligible")
    assert error.value.code == "invalid_cost"
    services.project_screen(
        actor=operator, project=project, department=roads, decision="eligible", revised_cost=10_000_000
    )
    assert Project.objects.get(pk=project.pk).final_cost == 10_000_000


def test_attachments_are_limited_to_five(mapo, operator, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    cycle = cycle_in_phase(mapo, "제안 접수")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle))
    for i in range(5):
        services.project_attach(
            actor=operator, project=project, file=SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n"), kind="pdf"
        )
    with pytest.raises(DomainError) as error:
        services.project_attach(
            actor=operator, project=project, file=SimpleUploadedFile("6.pdf", b"%PDF-1.4\n")
        )
    assert error.value.code == "too_many_files"
    assert project.attachments.count() == 5


def test_a_suspended_resident_proposes_nothing(mapo, operator):
    from madang.accounts.services import user_suspend

    cycle = cycle_in_phase(mapo, "제안 접수")
    heading = HeadingFactory(cycle=cycle)
    resident = verified_resident(cycle)
    user_suspend(actor=operator, user=resident, district=mapo, reason="욕설 반복")
    with pytest.raises(DomainError) as error:
        services.project_propose(actor=resident, cycle=cycle, data=_data(heading))
    assert error.value.code == "forbidden" and "정지" in error.value.message
    assert not Project.objects.exists()


def test_followers_hear_of_status_changes(mapo, operator):
    from madang.core.follows import follow
    from madang.core.models import Notification

    cycle = cycle_in_phase(mapo, "분과 심의")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.ELIGIBLE)
    fan = user_with_role(Role.RESIDENT, mapo)
    follow(actor=fan, obj=project, district=mapo)
    follow(actor=operator, obj=project, district=mapo)
    services.project_shortlist(actor=operator, project=project)
    assert list(Notification.objects.values_list("user", flat=True)) == [fan.pk]  # not the actor
    assert "투표 대상" in Notification.objects.get().message
