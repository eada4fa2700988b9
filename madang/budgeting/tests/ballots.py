"""Test helpers for ballots: a cycle in the vote phase with headings and shortlisted projects."""

import datetime

from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting.models import Heading, Project
from madang.districts.tests.factories import DongFactory
from madang.residents.tests.factories import registry_person

from .factories import HeadingFactory, ProjectFactory, cycle_in_phase, verified_resident

S = Project.Status


class Setup:
    """cycle (주민 투표 phase), district heading `pot` (100,000,000원) with projects a–e, a dong heading."""

    def __init__(self, district, *, phase="주민 투표", kind="knapsack", max_picks=3, min_share=0):
        self.district = district
        self.cycle = cycle_in_phase(
            district, phase, ballot_kind=kind, approval_max_picks=max_picks, knapsack_min_share=min_share
        )
        self.dong = DongFactory(district=district)
        self.other_dong = DongFactory(district=district)
        self.pot = HeadingFactory(cycle=self.cycle, name="구 단위", amount=100_000_000)
        self.dong_pot = HeadingFactory(
            cycle=self.cycle, name="동 단위", kind=Heading.Kind.DONG, dong=self.dong, amount=50_000_000
        )
        self.other_dong_pot = HeadingFactory(
            cycle=self.cycle, name="다른 동", kind=Heading.Kind.DONG, dong=self.other_dong, amount=50_000_000
        )
        costs = {"a": 60_000_000, "b": 30_000_000, "c": 20_000_000, "d": 10_000_000, "e": 45_000_000}
        self.p = {
            key: ProjectFactory(heading=self.pot, title=f"사업 {key}", cost=cost, status=S.SHORTLISTED)
            for key, cost in costs.items()
        }
        self.dong_project = ProjectFactory(
            heading=self.dong_pot, title="동 사업", cost=20_000_000, status=S.SHORTLISTED
        )
        self.screened_out = ProjectFactory(
            heading=self.pot, title="부적격 사업", cost=1_000_000, status=S.INELIGIBLE
        )
        self.operator = user_with_role(Role.OPERATOR, district)

    def voter(self, *, age=30, dong=None):
        return verified_resident(self.cycle, age=age, dong=dong or self.dong)

    def ids(self, *keys):
        return [self.p[k].pk for k in keys]

    def paper_voter(self, name="김현장", birth=datetime.date(1970, 3, 4), dong=None):
        registry_person(self.cycle.process, name=name, birth_date=birth, dong=dong or self.dong)
        return name, birth


def now_in(cycle, phase_name):
    phase = cycle.process.phases.get(name=phase_name)
    return phase.starts_at + (phase.ends_at - phase.starts_at) / 2


def today():
    return timezone.localdate()
