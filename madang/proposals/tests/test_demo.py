import pytest

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.proposals import demo
from madang.proposals.models import Assignment, Proposal, Stage, Support

pytestmark = pytest.mark.django_db


def test_demo_has_every_stage_answers_and_an_overdue_one_and_is_idempotent(gangbuk, mapo):
    for district in (gangbuk, mapo):
        user_with_role(Role.OPERATOR, district)
        user_with_role(Role.OFFICIAL, district)
    lines = demo.load_demo(districts=[gangbuk, mapo])
    assert len(lines) == 2
    stages = set(Proposal.objects.filter(district=mapo).values_list("stage", flat=True))
    assert Stage.PROPOSED in stages
    stages = set(Proposal.objects.filter(district=gangbuk).values_list("stage", flat=True))
    assert stages >= {
        Stage.PROPOSED,
        Stage.SUPPORT,
        Stage.DELIBERATION,
        Stage.DECISION,
        Stage.INSTITUTIONALISED,
        Stage.EXECUTION,
        Stage.DONE,
        Stage.EXPIRED,
    }
    for district in (gangbuk, mapo):
        answered = Assignment.objects.in_district(district).filter(answered_at__isnull=False)
        assert answered.exists()
        from django.utils import timezone

        overdue = Assignment.objects.in_district(district).filter(
            answered_at__isnull=True, due_at__lt=timezone.now()
        )
        assert overdue.count() >= 1
    for p in Proposal.objects.all():
        assert p.support_count == Support.objects.filter(proposal=p).count()
    before = (Proposal.objects.count(), Support.objects.count())
    demo.load_demo(districts=[gangbuk, mapo])
    assert (Proposal.objects.count(), Support.objects.count()) == before
