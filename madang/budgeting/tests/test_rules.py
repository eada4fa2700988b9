"""Who may do what in which phase: role × action × phase (processes.testing.phase_matrix)."""

import datetime

import pytest
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting.models import CommitteeMember, Project
from madang.budgeting.services import PHASES as CYCLE_PHASES
from madang.processes.testing import AFTER, ANONYMOUS, BEFORE, OTHER_DISTRICT, OUTSIDER, phase_matrix

from .factories import CycleFactory, HeadingFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PHASES = {name: list(features) for name, features, _days in CYCLE_PHASES}
MOMENTS = [BEFORE, *PHASES, AFTER]
STAFF = (Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN)
ROLES = [ANONYMOUS, OUTSIDER, OTHER_DISTRICT, *Role, "verified", "young", "member"]


def _people(district):
    return {
        "verified": user_with_role(Role.RESIDENT, district),
        "young": user_with_role(Role.RESIDENT, district),
        "member": user_with_role(Role.RESIDENT, district),
    }


def _born(age):
    today = timezone.localdate()
    return datetime.date(today.year - age, 1, 1) if age else today


def _make(people, *, project_status=None, **cycle_fields):
    from madang.residents.tests.factories import VerificationFactory

    def make(process):
        cycle = CycleFactory(process=process, **cycle_fields)
        VerificationFactory(process=process, user=people["verified"], birth_date=_born(40))
        VerificationFactory(process=process, user=people["young"], birth_date=_born(10))
        CommitteeMember.objects.create(cycle=cycle, user=people["member"])
        if project_status is None:
            return cycle
        return ProjectFactory(
            heading=HeadingFactory(cycle=cycle), status=project_status, author=people["verified"]
        )

    return make


def test_propose_is_for_verified_residents_of_age_in_the_proposal_phase(gangbuk):
    people = _people(gangbuk)
    phase_matrix(
        "budgeting.propose_project",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=people,
        obj=_make(people),
        allowed={("verified", "제안 접수")},
    )


def test_without_the_registry_every_resident_may_propose(gangbuk):
    people = _people(gangbuk)
    residents = ("verified", "young", "member", Role.RESIDENT)
    phase_matrix(
        "budgeting.propose_project",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=people,
        obj=_make(people, registry_required=False),
        allowed={(r, "제안 접수") for r in residents},
    )


def test_operators_enter_proposals_on_behalf_in_the_proposal_phase(gangbuk):
    people = _people(gangbuk)
    phase_matrix(
        "budgeting.propose_on_behalf",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=people,
        obj=_make(people),
        allowed={(r, "제안 접수") for r in STAFF},
    )


def test_screening_is_for_officials_and_staff_in_the_screening_phase(gangbuk):
    people = _people(gangbuk)
    phase_matrix(
        "budgeting.screen_project",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=people,
        obj=_make(people, project_status=Project.Status.SUBMITTED),
        allowed={(r, "적격 심사") for r in (*STAFF, Role.OFFICIAL)},
    )


def test_review_is_for_committee_members_in_the_review_phase(gangbuk):
    people = _people(gangbuk)
    phase_matrix(
        "budgeting.review_project",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=people,
        obj=_make(people, project_status=Project.Status.ELIGIBLE),
        allowed={("member", "분과 심의")},
    )


def test_shortlisting_is_for_staff_in_the_review_phase(gangbuk):
    people = _people(gangbuk)
    phase_matrix(
        "budgeting.shortlist_project",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=people,
        obj=_make(people, project_status=Project.Status.ELIGIBLE),
        allowed={(r, "분과 심의") for r in STAFF},
    )


def test_the_author_edits_only_while_submitted_in_the_proposal_phase_staff_always(gangbuk):
    people = _people(gangbuk)
    phase_matrix(
        "budgeting.change_project",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=people,
        obj=_make(people, project_status=Project.Status.SUBMITTED),
        allowed={("verified", "제안 접수")} | {(r, m) for r in STAFF for m in MOMENTS},
    )


def test_progress_is_reported_by_staff_and_officials_on_funded_projects_whatever_the_phase(gangbuk):
    people = _people(gangbuk)
    phase_matrix(
        "budgeting.report_progress",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=people,
        obj=_make(people, project_status=Project.Status.FUNDED),
        allowed={(r, m) for r in (*STAFF, Role.OFFICIAL) for m in MOMENTS},
    )
    phase_matrix(
        "budgeting.report_progress",
        district=gangbuk,
        phases=PHASES,
        roles=[Role.OPERATOR, Role.OFFICIAL],
        obj=_make(_people(gangbuk), project_status=Project.Status.NOT_FUNDED),
        allowed=set(),
    )


def test_an_unpublished_cycle_opens_nothing(gangbuk):
    people = _people(gangbuk)
    phase_matrix(
        "budgeting.propose_project",
        district=gangbuk,
        phases=PHASES,
        roles=["verified", Role.RESIDENT],
        users=people,
        obj=_make(people),
        allowed=set(),
        published=False,
    )
