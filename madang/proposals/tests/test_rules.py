"""Role × action × phase (processes.testing.phase_matrix) and the stage table."""

import pytest

from madang.accounts.models import Role
from madang.processes.testing import OTHER_DISTRICT, OUTSIDER, phase_matrix
from madang.proposals.models import STAGE_TRANSITIONS, Stage, stage_allowed

from .factories import ProposalFactory, proposals_process

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    OUTSIDER,
    OTHER_DISTRICT,
    Role.RESIDENT,
    Role.ORG_MEMBER,
    Role.OFFICIAL,
    Role.OPERATOR,
    Role.DISTRICT_ADMIN,
]
PHASES = {"제안": ["propose"], "공감": ["support"], "검토": ["review"]}


def test_propose_matrix(gangbuk):
    phase_matrix(
        "proposals.add_proposal",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed={(Role.RESIDENT, "제안")},
    )


def test_on_behalf_matrix(gangbuk):
    phase_matrix(
        "proposals.add_proposal_on_behalf",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed={
            (r, m)
            for r in (Role.OPERATOR, Role.DISTRICT_ADMIN)
            for m in ("before", "제안", "공감", "검토", "after")
        },
    )


def test_support_matrix(gangbuk):
    phase_matrix(
        "proposals.support_proposal",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed={(Role.RESIDENT, "공감")},
        obj=lambda process: ProposalFactory(process=process, district=gangbuk),
    )


@pytest.mark.parametrize("stage", [Stage.PROPOSED, Stage.DECISION, Stage.EXPIRED, Stage.MERGED, Stage.DONE])
def test_closed_stages_take_no_support_in_any_phase(gangbuk, stage):
    phase_matrix(
        "proposals.support_proposal",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed=set(),
        obj=lambda process: ProposalFactory(process=process, district=gangbuk, stage=stage),
    )


def test_unpublished_process_opens_nothing(gangbuk):
    phase_matrix(
        "proposals.add_proposal", district=gangbuk, phases=PHASES, roles=ROLES, allowed=set(), published=False
    )


def test_staff_only_permissions(gangbuk):
    from madang.accounts.tests.factories import user_with_role

    p = ProposalFactory(process=proposals_process(gangbuk), district=gangbuk)
    for role, allowed in {
        Role.RESIDENT: False,
        Role.OFFICIAL: False,
        Role.OPERATOR: True,
        Role.DISTRICT_ADMIN: True,
    }.items():
        user = user_with_role(role, gangbuk)
        for perm, obj in {
            "proposals.manage_proposals": gangbuk,
            "proposals.change_stage": p,
            "proposals.merge_proposal": p,
        }.items():
            assert user.has_perm(perm, obj) is allowed, (role, perm)


# the agenda's path: every (from, to) pair, allowed exactly where the table says
PATH = {
    (Stage.PROPOSED, Stage.SUPPORT),
    (Stage.PROPOSED, Stage.REJECTED),
    (Stage.PROPOSED, Stage.MERGED),
    (Stage.SUPPORT, Stage.DELIBERATION),
    (Stage.SUPPORT, Stage.DECISION),
    (Stage.SUPPORT, Stage.EXPIRED),
    (Stage.SUPPORT, Stage.MERGED),
    (Stage.DELIBERATION, Stage.DECISION),
    (Stage.DELIBERATION, Stage.MERGED),
    (Stage.DECISION, Stage.INSTITUTIONALISED),
    (Stage.INSTITUTIONALISED, Stage.EXECUTION),
    (Stage.EXECUTION, Stage.DONE),
}


@pytest.mark.parametrize("source", Stage.values)
@pytest.mark.parametrize("target", Stage.values)
def test_stage_table(source, target):
    assert stage_allowed(source, target) is ((source, target) in PATH)


def test_stage_table_is_the_models_table():
    assert {(s, t) for t, sources in STAGE_TRANSITIONS.items() for s in sources} == PATH
