"""Every proposals service writes its audit row in the transaction of its change (core.testing)."""

import datetime

from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.testing import audit_cases_test
from madang.proposals import services
from madang.proposals.models import Proposal, Stage, Support, Tier

from .factories import ProposalFactory, operator, proposals_process, resident


def _proposal(d, **kw):
    return ProposalFactory(process=proposals_process(d), district=d, author=resident(d), **kw)


def proposal_create(d):
    process = proposals_process(d)
    user = resident(d)
    return lambda: services.proposal_create(
        actor=user, district=d, process=process, title="제안", body="내용"
    )


def proposal_update(d):
    p = _proposal(d)
    return lambda: services.proposal_update(actor=p.author, district=d, proposal=p, title="고친 제목")


def proposal_review(d):
    process = proposals_process(d)
    p = services.proposal_create(
        actor=user_with_role(Role.RESIDENT, d), district=d, process=process, title="새 제안", body="내용"
    )
    op = operator(d)
    return lambda: services.proposal_review(
        actor=op, district=d, proposal=Proposal.objects.get(pk=p.pk), approve=True
    )


def support_add(d):
    p = _proposal(d)
    user = resident(d)
    return lambda: services.support_add(actor=user, district=d, proposal=p)


def support_withdraw(d):
    p = _proposal(d)
    user = resident(d)
    services.support_add(actor=user, district=d, proposal=p)
    return lambda: services.support_withdraw(actor=user, district=d, proposal=Proposal.objects.get(pk=p.pk))


def tier_crossing(d):
    process = proposals_process(d, tiers=((1, 30, Tier.Action.MAYOR),))
    p = ProposalFactory(process=process, district=d)
    user = resident(d)
    return lambda: services.support_add(actor=user, district=d, proposal=p)


def tier_create(d):
    process = proposals_process(d, tiers=())
    op = operator(d)
    return lambda: services.tier_create(
        actor=op, district=d, process=process, threshold=10, window_days=20, action="department"
    )


def tier_delete(d):
    process = proposals_process(d)
    op = operator(d)
    return lambda: services.tier_delete(actor=op, district=d, tier=process.tiers.first())


def tiers_apply_preset(d):
    process = proposals_process(d)
    op = operator(d)
    return lambda: services.tiers_apply_preset(actor=op, district=d, process=process, preset="guro")


def proposal_expire(d):
    past = timezone.now() - datetime.timedelta(days=40)
    p = _proposal(d, published_at=past)
    return lambda: services.proposal_expire(proposal=p)


def proposal_stage_change(d):
    p = _proposal(d)
    op = operator(d)
    return lambda: services.proposal_stage_change(
        actor=op, district=d, proposal=p, target=Stage.DELIBERATION, reason="숙의로"
    )


def proposal_merge(d):
    process = proposals_process(d)
    keep = ProposalFactory(process=process, district=d)
    dup = ProposalFactory(process=process, district=d)
    Support.objects.create(proposal=dup, user=resident(d))
    Proposal.objects.filter(pk=dup.pk).update(support_count=1)
    op = operator(d)
    return lambda: services.proposal_merge(actor=op, district=d, source=dup, target=keep, reason="중복")


def supporters_message(d):
    p = _proposal(d)
    return lambda: services.supporters_message(actor=p.author, district=d, proposal=p, body="고맙습니다")


def assignments_flag_overdue(d):
    from madang.proposals.models import Assignment, TierCrossing

    p = _proposal(d)
    crossing = TierCrossing.objects.create(proposal=p, tier=p.process.tiers.first(), support_count=5)
    Assignment.objects.create(
        proposal=p, crossing=crossing, kind="mayor", due_at=timezone.now() - datetime.timedelta(days=2)
    )
    return lambda: services.assignments_flag_overdue()


def assignment_answer(d):
    from madang.proposals.models import Assignment, TierCrossing

    p = _proposal(d)
    crossing = TierCrossing.objects.create(proposal=p, tier=p.process.tiers.first(), support_count=5)
    a = Assignment.objects.create(proposal=p, crossing=crossing, kind="mayor", due_at=timezone.now())
    admin = user_with_role(Role.DISTRICT_ADMIN, d)
    return lambda: services.assignment_answer(
        actor=admin, district=d, assignment=a, answer="accepted", reason="수용합니다"
    )


def assignment_assign(d):
    from madang.districts.tests.factories import DepartmentFactory
    from madang.proposals.models import Assignment, TierCrossing

    p = _proposal(d)
    crossing = TierCrossing.objects.create(proposal=p, tier=p.process.tiers.first(), support_count=5)
    a = Assignment.objects.create(proposal=p, crossing=crossing, kind="department")
    department = DepartmentFactory(district=d)
    op = operator(d)
    return lambda: services.assignment_assign(actor=op, district=d, assignment=a, department=department)


CASES = {
    "assignment_assign": (assignment_assign, "update", "proposals.assignment"),
    "proposal_create": (proposal_create, "create", "proposals.proposal"),
    "proposal_update": (proposal_update, "update", "proposals.proposal"),
    "proposal_review": (proposal_review, "publish", "proposals.proposal"),
    "support_add": (support_add, "support", "proposals.support"),
    "support_withdraw": (support_withdraw, "delete", "proposals.support"),
    "tier_crossing": (tier_crossing, "create", "proposals.tiercrossing"),
    "tier_create": (tier_create, "create", "proposals.tier"),
    "tier_delete": (tier_delete, "delete", "proposals.tier"),
    "tiers_apply_preset": (tiers_apply_preset, "update", "processes.process"),
    "proposal_expire": (proposal_expire, "archive", "proposals.proposal"),
    "proposal_stage_change": (proposal_stage_change, "transition", "proposals.proposal"),
    "proposal_merge": (proposal_merge, "transition", "proposals.proposal"),
    "supporters_message": (supporters_message, "create", "proposals.supportermessage"),
    "assignments_flag_overdue": (assignments_flag_overdue, "update", "proposals.assignment"),
    "assignment_answer": (assignment_answer, "update", "proposals.assignment"),
}

test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
