"""The role × phase matrix helper, used on a sample permission the way capabilities will use it.

A capability copies this: register its permission in its rules.py, then one `phase_matrix` call per
permission proves who may act in which phase.
"""

import pytest
import rules

from madang.accounts.models import Role
from madang.accounts.predicates import is_district_staff, is_resident
from madang.processes.predicates import phase_allows_pred
from madang.processes.testing import AFTER, ANONYMOUS, BEFORE, OTHER_DISTRICT, OUTSIDER, phase_matrix

pytestmark = pytest.mark.django_db

# sample permissions, as proposals/budgeting will declare them in their rules.py
rules.set_perm("processes.test_support", is_resident & phase_allows_pred("support"))
rules.set_perm(
    "processes.test_review", is_district_staff & (phase_allows_pred("review") | phase_allows_pred("screen"))
)

PHASES = {"모집": ["propose", "comment"], "공감": ["support", "comment"], "검토": ["review", "answer"]}
ROLES = [ANONYMOUS, OUTSIDER, OTHER_DISTRICT, *Role]


def test_support_is_for_residents_in_the_support_phase(gangbuk):
    observed = phase_matrix(
        "processes.test_support",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed={(Role.RESIDENT, "공감")},
    )
    assert len(observed) == len(ROLES) * (len(PHASES) + 2)  # every phase plus before and after
    assert observed[(Role.RESIDENT, "공감")] and not observed[(Role.RESIDENT, BEFORE)]
    assert not observed[(Role.RESIDENT, AFTER)]


def test_review_is_for_staff_in_the_review_phase_with_gaps(gangbuk):
    observed = phase_matrix(
        "processes.test_review",
        district=gangbuk,
        phases=PHASES,
        roles=[Role.RESIDENT, Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN],
        allowed={(r, "검토") for r in (Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN)},
        gap_days=2,
    )
    assert (Role.OPERATOR, "between:공감/검토") in observed


def test_unpublished_process_opens_nothing(gangbuk):
    phase_matrix(
        "processes.test_support",
        district=gangbuk,
        phases=PHASES,
        roles=[Role.RESIDENT],
        allowed=set(),
        published=False,
    )


def test_a_wrong_cell_fails_with_the_table(gangbuk):
    with pytest.raises(AssertionError) as error:
        phase_matrix(
            "processes.test_support",
            district=gangbuk,
            phases=PHASES,
            roles=[Role.RESIDENT],
            allowed={(Role.RESIDENT, "모집"), (Role.RESIDENT, "공감")},
        )
    assert "1 wrong cell" in str(error.value) and "모집" in str(error.value)


def test_unknown_moment_is_a_usage_error(gangbuk):
    with pytest.raises(ValueError):
        phase_matrix(
            "processes.test_support",
            district=gangbuk,
            phases=PHASES,
            roles=[Role.RESIDENT],
            allowed={(Role.RESIDENT, "투표")},
        )


def test_object_with_a_process_attribute(gangbuk):
    class Proposal:
        def __init__(self, process):
            self.process = process
            self.district_id = process.district_id

    phase_matrix(
        "processes.test_support",
        district=gangbuk,
        phases=PHASES,
        roles=[Role.RESIDENT, Role.OPERATOR],
        allowed={(Role.RESIDENT, "공감")},
        obj=Proposal,
    )
