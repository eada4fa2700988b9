"""Who may vote, enter paper ballots and publish results: role × phase matrices."""

import datetime

import pytest

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting.ballot_models import ResultPublication
from madang.processes.testing import AFTER, BEFORE, phase_matrix
from madang.residents.tests.factories import VerificationFactory

from .factories import CycleFactory

pytestmark = pytest.mark.django_db

PHASES = {"분과 심의": ["review"], "주민 투표": ["vote"], "총회": ["vote"], "결과 발표": ["comment"]}
ROLES = [
    "anonymous",
    "outsider",
    "other_district",
    Role.RESIDENT,
    Role.OPERATOR,
    Role.DISTRICT_ADMIN,
    "verified",
    "child",
]


def _people(district):
    return {
        "verified": user_with_role(Role.RESIDENT, district),
        "child": user_with_role(Role.RESIDENT, district),
    }


def _cycle(users, *, published=False):
    def make(process):
        cycle = CycleFactory(process=process, district=process.district)
        VerificationFactory(process=process, user=users["verified"], birth_date=datetime.date(1980, 1, 1))
        VerificationFactory(
            process=process,
            user=users["child"],
            birth_date=datetime.date.today().replace(day=1) - datetime.timedelta(days=365 * 10),
        )
        if published:
            ResultPublication.objects.create(cycle=cycle)
        return cycle

    return make


def test_vote_matrix(gangbuk):
    users = _people(gangbuk)
    phase_matrix(
        "budgeting.vote_cycle",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=users,
        obj=_cycle(users),
        allowed={("verified", "주민 투표"), ("verified", "총회")},
    )


def test_offline_entry_matrix(gangbuk):
    users = _people(gangbuk)
    staff = [Role.OPERATOR, Role.DISTRICT_ADMIN]
    phase_matrix(
        "budgeting.enter_offline_ballot",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=users,
        obj=_cycle(users),
        allowed={(role, moment) for role in staff for moment in ("주민 투표", "총회", "결과 발표", AFTER)},
    )


def test_publish_and_preview_matrix(gangbuk):
    users = _people(gangbuk)
    staff = [Role.OPERATOR, Role.DISTRICT_ADMIN]
    closed = {(role, moment) for role in staff for moment in ("결과 발표", AFTER)}
    for perm in ("budgeting.publish_results", "budgeting.preview_results"):
        phase_matrix(
            perm, district=gangbuk, phases=PHASES, roles=ROLES, users=users, obj=_cycle(users), allowed=closed
        )


def test_after_publication_nothing_more_is_entered_and_everyone_sees_results(gangbuk):
    users = _people(gangbuk)
    every = {(role, moment) for role in ROLES for moment in (BEFORE, *PHASES, AFTER)}
    phase_matrix(
        "budgeting.view_results",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=users,
        obj=_cycle(users, published=True),
        allowed=every,
    )
    for perm in ("budgeting.enter_offline_ballot", "budgeting.publish_results", "budgeting.score_channels"):
        phase_matrix(
            perm,
            district=gangbuk,
            phases=PHASES,
            roles=ROLES,
            users=_people(gangbuk),
            obj=_cycle(_people(gangbuk), published=True),
            allowed=set(),
        )


def test_turnout_is_staff_only_in_every_phase(gangbuk):
    users = _people(gangbuk)
    staff = [Role.OPERATOR, Role.DISTRICT_ADMIN]
    phase_matrix(
        "budgeting.view_turnout",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        users=users,
        obj=_cycle(users),
        allowed={(role, moment) for role in staff for moment in (BEFORE, *PHASES, AFTER)},
    )
