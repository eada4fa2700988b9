import datetime
import itertools

import factory
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting.models import (
    ChannelWeight,
    CommitteeMember,
    Cycle,
    Heading,
    Project,
    ReviewCriterion,
)
from madang.budgeting.services import PHASES
from madang.processes.models import Phase, Process
from madang.processes.tests.factories import ProcessFactory


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    process = factory.SubFactory(
        ProcessFactory,
        kind=Process.Kind.BUDGETING,
        title=factory.Sequence(lambda n: f"주민참여예산 {n}"),
        slug=factory.Sequence(lambda n: f"budget-{n}"),
    )
    district = factory.SelfAttribute("process.district")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    registry_required = True


class HeadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Heading

    cycle = factory.SubFactory(CycleFactory)
    name = factory.Sequence(lambda n: f"구 단위 예산 {n}")
    kind = Heading.Kind.DISTRICT
    amount = 500_000_000


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    heading = factory.SubFactory(HeadingFactory)
    cycle = factory.SelfAttribute("heading.cycle")
    title = factory.Sequence(lambda n: f"어린이 놀이터 개선 {n}")
    description = "동네 놀이터의 낡은 놀이기구를 바꿉니다."
    cost = 30_000_000
    status = Project.Status.SUBMITTED


_SLUGS = itertools.count(1)


def cycle_in_phase(district, phase: str | None = "제안 접수", *, published=True, **fields) -> Cycle:
    """A cycle with the seven budgeting phases (10 days each) placed so that now is inside `phase`
    (None: before the first one). Default criteria and the 2018 weighting included."""
    names = [name for name, _features, _days in PHASES]
    index = names.index(phase) if phase is not None else -1
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    start = (
        today - datetime.timedelta(days=10 * index + 5) if index >= 0 else today + datetime.timedelta(days=5)
    )
    end = start + datetime.timedelta(days=10 * len(PHASES))
    process = ProcessFactory(
        district=district,
        kind=Process.Kind.BUDGETING,
        starts_on=timezone.localtime(start).date(),
        ends_on=timezone.localtime(end).date(),
        is_published=published,
        title=fields.pop("title", f"{district.name} 주민참여예산"),
        slug=fields.pop("slug", f"budget-t{next(_SLUGS)}"),
    )
    for order, (name, features, _days) in enumerate(PHASES):
        Phase.objects.create(
            process=process,
            name=name,
            features=list(features),
            starts_at=start + datetime.timedelta(days=10 * order),
            ends_at=start + datetime.timedelta(days=10 * (order + 1)),
            order=order,
        )
    cycle = CycleFactory(process=process, **fields)
    for i, (name, weight) in enumerate(ReviewCriterion.DEFAULTS):
        ReviewCriterion.objects.create(cycle=cycle, name=name, weight=weight, order=i)
    for channel, weight in ChannelWeight.PRESETS["2018"].items():
        ChannelWeight.objects.create(cycle=cycle, channel=channel, weight=weight)
    return cycle


def verified_resident(cycle: Cycle, *, age: int = 30, user=None, dong=None):
    """A 주민 of the cycle's district verified for its process, `age` years old today (만 나이)."""
    from madang.residents.tests.factories import VerificationFactory

    user = user or user_with_role(Role.RESIDENT, cycle.district)
    today = timezone.localdate()
    born = (
        today.replace(year=today.year - age)
        if not (today.month == 2 and today.day == 29)
        else today.replace(year=today.year - age, day=28)
    )
    kwargs = {"dong": dong} if dong is not None else {}
    VerificationFactory(process=cycle.process, user=user, birth_date=born, **kwargs)
    return user


def committee_member(cycle: Cycle, user=None):
    user = user or user_with_role(Role.RESIDENT, cycle.district)
    CommitteeMember.objects.create(cycle=cycle, user=user)
    return user
