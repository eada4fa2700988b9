import datetime

import factory
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.districts.tests.factories import DistrictFactory
from madang.processes.models import Phase, Process
from madang.processes.tests.factories import ProcessFactory
from madang.proposals.models import Proposal, Review, Stage, Support, Tier

OLD = datetime.timedelta(days=60)


def resident(district, **kwargs):
    """A 주민 of `district` whose account is old enough to propose without review."""
    kwargs.setdefault("date_joined", timezone.now() - OLD)
    return user_with_role(Role.RESIDENT, district, **kwargs)


def operator(district, **kwargs):
    return user_with_role(Role.OPERATOR, district, **kwargs)


def proposals_process(
    district, *, features=("propose", "support"), tiers=((5, 30, Tier.Action.DEPARTMENT),), **kw
):
    """A published 시민제안 process with one phase open now (opening `features`) and the given tiers."""
    now = timezone.now()
    process = ProcessFactory(
        district=district,
        kind=Process.Kind.PROPOSALS,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() + datetime.timedelta(days=120),
        is_published=True,
        **kw,
    )
    Phase.objects.create(
        process=process,
        name="제안·공감",
        features=list(features),
        starts_at=now - datetime.timedelta(days=10),
        ends_at=now + datetime.timedelta(days=110),
    )
    for threshold, window, action in tiers:
        Tier.objects.create(
            process=process, threshold=threshold, window_days=window, action=action, answer_days=14
        )
    return process


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    process = factory.LazyFunction(lambda: proposals_process(DistrictFactory()))
    district = factory.SelfAttribute("process.district")
    title = factory.Sequence(lambda n: f"우리 동네 제안 {n}")
    body = "골목길에 가로등을 더 달아 주세요."
    stage = Stage.SUPPORT
    review = Review.APPROVED
    published_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.published_at + datetime.timedelta(days=30))
    support_ends_at = factory.LazyAttribute(lambda o: o.published_at + datetime.timedelta(days=30))


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
