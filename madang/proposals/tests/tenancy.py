"""Proposals URLs with a district and an object id, for the tenancy walk (core/tests/test_tenancy.py)."""

import datetime

from django.utils import timezone

from madang.core.testing import tenancy_exempt, tenancy_list, tenancy_url

from .factories import ProposalFactory, proposals_process, resident


@tenancy_url(
    "proposals:detail",
    "proposals:edit",
    "proposals:support",
    "proposals:message",
    "proposals:stage",
    "proposals:merge",
    "proposals:review",
    "api:proposal-detail",
    "api:proposal-support",
    "api:proposal-stage",
)
def proposal(district):
    return {
        "pk": ProposalFactory(
            process=proposals_process(district), district=district, author=resident(district)
        ).pk
    }


@tenancy_url("proposals:tiers")
def process(district):
    return {"pk": proposals_process(district).pk}


@tenancy_url("proposals:tier_delete")
def tier(district):
    return {"pk": proposals_process(district).tiers.first().pk}


@tenancy_url("proposals:assign", "proposals:answer")
def assignment(district):
    from madang.proposals.models import Assignment, TierCrossing

    p = ProposalFactory(process=proposals_process(district), district=district)
    crossing = TierCrossing.objects.create(proposal=p, tier=p.process.tiers.first(), support_count=5)
    return {
        "pk": Assignment.objects.create(proposal=p, crossing=crossing, kind="mayor", due_at=timezone.now()).pk
    }


tenancy_exempt("proposals:create", "a form; its choices are checked by the form tests")


@tenancy_list("proposals:index", "api:proposal-list")
def listed_proposal(district):
    ProposalFactory(process=proposals_process(district), district=district, title=f"{district.slug}표지제안")
    return f"{district.slug}표지제안", {}


@tenancy_list("proposals:overdue", "proposals:manage", "proposals:inbox")
def listed_overdue(district):
    from madang.proposals.models import Assignment, TierCrossing

    p = ProposalFactory(
        process=proposals_process(district), district=district, title=f"{district.slug}표지지연"
    )
    crossing = TierCrossing.objects.create(proposal=p, tier=p.process.tiers.first(), support_count=5)
    Assignment.objects.create(
        proposal=p, crossing=crossing, kind="mayor", due_at=timezone.now() - datetime.timedelta(days=3)
    )
    return f"{district.slug}표지지연", {}
