import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.exceptions import DomainError
from madang.core.models import AuditEntry, Notification
from madang.proposals import services
from madang.proposals.models import (
    Assignment,
    Proposal,
    Review,
    Stage,
    StageChange,
    Support,
    SupporterMessage,
    Tier,
    TierCrossing,
)

from .factories import ProposalFactory, operator, proposals_process, resident

pytestmark = pytest.mark.django_db


def _support(proposal, n, district):
    users = [resident(district) for _ in range(n)]
    for u in users:
        services.support_add(actor=u, district=district, proposal=proposal)
    return users


# --- proposing -----------------------------------------------------------------------------------


def test_a_resident_proposes_and_it_opens_for_support(gangbuk, process):
    author = resident(gangbuk)
    p = services.proposal_create(
        actor=author, district=gangbuk, process=process, title=" 가로등 ", body="밝게\n해 주세요"
    )
    assert p.stage == Stage.SUPPORT and p.review == Review.APPROVED
    assert p.title == "가로등" and p.body == "밝게\n해 주세요"
    assert p.published_at is not None
    assert p.expires_at == p.published_at + datetime.timedelta(days=30)
    assert list(p.stage_changes.values_list("to_stage", flat=True)) == [Stage.PROPOSED, Stage.SUPPORT]
    assert AuditEntry.objects.filter(object_type="proposals.proposal", action="create").count() == 1


def test_a_new_accounts_proposal_waits_for_review(gangbuk, process):
    newbie = user_with_role(Role.RESIDENT, gangbuk)  # joined just now
    op = operator(gangbuk)
    p = services.proposal_create(
        actor=newbie, district=gangbuk, process=process, title="새 제안", body="내용"
    )
    assert p.review == Review.PENDING and p.stage == Stage.PROPOSED and p.published_at is None
    assert not Proposal.objects.public().filter(pk=p.pk).exists()
    assert Notification.objects.filter(user=op).exists()
    services.proposal_review(actor=op, district=gangbuk, proposal=p, approve=True)
    p.refresh_from_db()
    assert p.review == Review.APPROVED and p.stage == Stage.SUPPORT and p.published_at is not None


def test_rejecting_a_new_proposal_needs_a_reason(gangbuk, process):
    newbie = user_with_role(Role.RESIDENT, gangbuk)
    p = services.proposal_create(
        actor=newbie, district=gangbuk, process=process, title="새 제안", body="내용"
    )
    with pytest.raises(DomainError) as error:
        services.proposal_review(actor=operator(gangbuk), district=gangbuk, proposal=p, approve=False)
    assert error.value.code == "reason_required"


@pytest.mark.parametrize("body", ["", "   ", "가" * 20001])
def test_empty_or_huge_body_is_refused_and_nothing_saved(gangbuk, process, body):
    with pytest.raises(DomainError) as error:
        services.proposal_create(
            actor=resident(gangbuk), district=gangbuk, process=process, title="제목", body=body
        )
    assert "내용" in error.value.message
    assert not Proposal.objects.exists()


def test_outsiders_and_other_districts_cannot_propose(gangbuk, mapo, process):
    for user in (UserFactory(), resident(mapo)):
        with pytest.raises(DomainError) as error:
            services.proposal_create(actor=user, district=gangbuk, process=process, title="t", body="b")
        assert error.value.code == "forbidden"


def test_an_operator_enters_a_paper_proposal_on_behalf(gangbuk, process):
    op = operator(gangbuk)
    p = services.proposal_create(
        actor=op, district=gangbuk, process=process, title="종이 제안", body="내용", on_behalf_name="김주민"
    )
    assert p.is_on_behalf and p.entered_by == op and p.author is None and p.proposer_name == "김주민"
    with pytest.raises(DomainError):
        services.proposal_create(
            actor=resident(gangbuk),
            district=gangbuk,
            process=process,
            title="t",
            body="b",
            on_behalf_name="x",
        )


def test_a_dong_of_another_district_is_refused(gangbuk, mapo, process):
    from madang.districts.models import Dong

    dong = Dong.objects.filter(district=mapo).first()
    if dong is None:
        from madang.districts.tests.factories import DongFactory

        dong = DongFactory(district=mapo)
    with pytest.raises(DomainError) as error:
        services.proposal_create(
            actor=resident(gangbuk), district=gangbuk, process=process, title="t", body="b", dong=dong
        )
    assert error.value.code == "out_of_district"


# --- supports ------------------------------------------------------------------------------------


def test_support_once_and_withdraw(gangbuk, proposal):
    user = resident(gangbuk)
    services.support_add(actor=user, district=gangbuk, proposal=proposal)
    with pytest.raises(DomainError) as error:
        services.support_add(actor=user, district=gangbuk, proposal=proposal)
    assert error.value.code == "duplicate_support"
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == Support.objects.filter(proposal=proposal).count()
    services.support_withdraw(actor=user, district=gangbuk, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.support_count == 0 == Support.objects.filter(proposal=proposal).count()
    with pytest.raises(DomainError) as error:
        services.support_withdraw(actor=user, district=gangbuk, proposal=proposal)
    assert error.value.code == "not_supported"


def test_a_resident_of_another_district_cannot_support(gangbuk, mapo, proposal):
    with pytest.raises(DomainError) as error:
        services.support_add(actor=resident(mapo), district=gangbuk, proposal=proposal)
    assert error.value.code == "forbidden"
    with pytest.raises(DomainError) as error:
        services.support_add(actor=resident(mapo), district=mapo, proposal=proposal)
    assert error.value.code == "out_of_district"


def test_supporting_outside_the_support_phase_is_refused(gangbuk):
    process = proposals_process(gangbuk, features=("propose",))
    p = ProposalFactory(process=process, district=gangbuk)
    with pytest.raises(DomainError) as error:
        services.support_add(actor=resident(gangbuk), district=gangbuk, proposal=p)
    assert error.value.code == "forbidden"


def test_an_expired_proposal_is_archived_on_support_and_never_supportable(gangbuk, process):
    past = timezone.now() - datetime.timedelta(days=40)
    p = ProposalFactory(process=process, district=gangbuk, published_at=past)
    assert p.expires_at < timezone.now()
    with pytest.raises(DomainError) as error:
        services.support_add(actor=resident(gangbuk), district=gangbuk, proposal=p)
    assert error.value.code == "expired"
    p.refresh_from_db()
    assert p.stage == Stage.EXPIRED and p.support_count == 0
    assert StageChange.objects.filter(proposal=p, to_stage=Stage.EXPIRED).count() == 1


def test_expire_command_archives_due_proposals_only(gangbuk, process):
    from django.core.management import call_command

    past = timezone.now() - datetime.timedelta(days=40)
    due = ProposalFactory(process=process, district=gangbuk, published_at=past)
    crossed = ProposalFactory(process=process, district=gangbuk, published_at=past, tier_reached=1)
    fresh = ProposalFactory(process=process, district=gangbuk)
    call_command("expire_proposals")
    assert Proposal.objects.get(pk=due.pk).stage == Stage.EXPIRED
    assert Proposal.objects.get(pk=crossed.pk).stage == Stage.SUPPORT
    assert Proposal.objects.get(pk=fresh.pk).stage == Stage.SUPPORT


def test_suspended_residents_cannot_support(gangbuk, proposal):
    from madang.accounts import models as account_models

    if not hasattr(account_models, "DistrictSuspension"):
        pytest.skip("kernel suspension not merged yet")
    from madang.accounts.services import user_suspend

    user = resident(gangbuk)
    user_suspend(actor=operator(gangbuk), user=user, district=gangbuk, reason="도배")
    with pytest.raises(DomainError) as error:
        services.support_add(actor=user, district=gangbuk, proposal=proposal)
    assert error.value.code == "forbidden"


# --- tiers ---------------------------------------------------------------------------------------


def test_crossing_a_tier_fires_once_and_creates_an_assignment(gangbuk, proposal):
    users = _support(proposal, 5, gangbuk)
    proposal.refresh_from_db()
    assert proposal.tier_reached == 1
    crossing = TierCrossing.objects.get(proposal=proposal)
    assert crossing.support_count == 5
    assignment = Assignment.objects.get(proposal=proposal)
    assert assignment.kind == Assignment.Kind.DEPARTMENT and assignment.due_at is None  # operator assigns
    # withdraw and support again: the tier stays crossed once
    services.support_withdraw(actor=users[0], district=gangbuk, proposal=proposal)
    services.support_add(actor=users[0], district=gangbuk, proposal=proposal)
    assert TierCrossing.objects.filter(proposal=proposal).count() == 1
    assert Assignment.objects.filter(proposal=proposal).count() == 1


def test_a_tier_past_its_window_is_not_crossed(gangbuk):
    process = proposals_process(gangbuk, tiers=((2, 5, Tier.Action.DEPARTMENT), (3, 30, Tier.Action.MAYOR)))
    past = timezone.now() - datetime.timedelta(days=6)
    p = ProposalFactory(
        process=process,
        district=gangbuk,
        published_at=past,
        tier_reached=0,
        expires_at=past + datetime.timedelta(days=30),
    )
    _support(p, 3, gangbuk)
    p.refresh_from_db()
    tiers = list(TierCrossing.objects.filter(proposal=p).values_list("tier__action", flat=True))
    assert tiers == [Tier.Action.MAYOR]
    assert p.tier_reached == 2
    mayor = Assignment.objects.get(proposal=p)
    assert mayor.kind == Assignment.Kind.MAYOR and mayor.due_at is not None


def test_forum_tier_without_forums_is_recorded_pending(gangbuk):
    from madang.core import registry

    process = proposals_process(gangbuk, tiers=((1, 30, Tier.Action.FORUM),))
    p = ProposalFactory(process=process, district=gangbuk)
    if hasattr(registry, "has_handoff") and registry.has_handoff("forums.open_topic"):
        pytest.skip("forums registered")
    _support(p, 1, gangbuk)
    assert TierCrossing.objects.get(proposal=p).pending is True


def test_presets_replace_tiers(gangbuk, process):
    op = operator(gangbuk)
    tiers = services.tiers_apply_preset(actor=op, district=gangbuk, process=process, preset="democracy_seoul")
    assert [(t.threshold, t.window_days, t.action) for t in tiers] == [
        (50, 30, "department"),
        (100, 30, "forum"),
        (1000, 30, "mayor"),
    ]
    for key, expected in {
        "geumcheon": [(20, 20, "department")],
        "gwanak": [(5, 15, "department"), (100, 15, "mayor")],
        "guro": [(20, 30, "department")],
    }.items():
        tiers = services.tiers_apply_preset(actor=op, district=gangbuk, process=process, preset=key)
        assert [(t.threshold, t.window_days, t.action) for t in tiers] == expected
    with pytest.raises(DomainError):
        services.tiers_apply_preset(actor=resident(gangbuk), district=gangbuk, process=process, preset="guro")


# --- stages --------------------------------------------------------------------------------------


def test_stage_path_and_refusal(gangbuk, proposal):
    op = operator(gangbuk)
    with pytest.raises(DomainError) as error:
        services.proposal_stage_change(
            actor=op, district=gangbuk, proposal=proposal, target=Stage.DONE, reason="끝"
        )
    assert error.value.code == "invalid_stage"
    assert "'공감 모집' 단계에서 '완료' 단계로 옮길 수 없습니다" in error.value.message
    services.proposal_stage_change(
        actor=op,
        district=gangbuk,
        proposal=proposal,
        target=Stage.DELIBERATION,
        reason="숙의",
        url="https://example.kr/forum/1",
    )
    services.proposal_stage_change(
        actor=op, district=gangbuk, proposal=proposal, target=Stage.DECISION, reason="채택", adopted=True
    )
    services.proposal_stage_change(
        actor=op,
        district=gangbuk,
        proposal=proposal,
        target=Stage.INSTITUTIONALISED,
        reason="예산",
        route="budgeting",
    )
    services.proposal_stage_change(
        actor=op, district=gangbuk, proposal=proposal, target=Stage.EXECUTION, reason="집행"
    )
    services.proposal_stage_change(
        actor=op, district=gangbuk, proposal=proposal, target=Stage.DONE, reason="완료"
    )
    proposal.refresh_from_db()
    assert proposal.stage == Stage.DONE and proposal.adopted is True and proposal.route == "budgeting"
    assert proposal.deliberation_url == "https://example.kr/forum/1"
    changes = list(StageChange.objects.filter(proposal=proposal).values_list("to_stage", "actor_id"))
    assert [c[0] for c in changes][-5:] == [
        "deliberation",
        "decision",
        "institutionalised",
        "execution",
        "done",
    ]
    assert all(c[1] == op.pk for c in changes[-5:])


def test_not_adopted_cannot_be_institutionalised(gangbuk, proposal):
    op = operator(gangbuk)
    services.proposal_stage_change(
        actor=op, district=gangbuk, proposal=proposal, target=Stage.DECISION, reason="불채택", adopted=False
    )
    with pytest.raises(DomainError) as error:
        services.proposal_stage_change(
            actor=op,
            district=gangbuk,
            proposal=proposal,
            target=Stage.INSTITUTIONALISED,
            reason="x",
            route="policy",
        )
    assert error.value.code == "invalid_stage"


def test_residents_cannot_change_stages(gangbuk, proposal):
    with pytest.raises(DomainError) as error:
        services.proposal_stage_change(
            actor=resident(gangbuk),
            district=gangbuk,
            proposal=proposal,
            target=Stage.DELIBERATION,
            reason="x",
        )
    assert error.value.code == "forbidden"


# --- merge ---------------------------------------------------------------------------------------


def test_merge_dedupes_supports(gangbuk, process):
    keep = ProposalFactory(process=process, district=gangbuk)
    dup = ProposalFactory(process=process, district=gangbuk)
    both = resident(gangbuk)
    services.support_add(actor=both, district=gangbuk, proposal=keep)
    services.support_add(actor=both, district=gangbuk, proposal=dup)
    _support(dup, 2, gangbuk)
    services.proposal_merge(actor=operator(gangbuk), district=gangbuk, source=dup, target=keep, reason="중복")
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert keep.support_count == 3 == Support.objects.filter(proposal=keep).count()
    assert dup.stage == Stage.MERGED and dup.merged_into == keep
    with pytest.raises(DomainError) as error:
        services.support_add(actor=resident(gangbuk), district=gangbuk, proposal=dup)
    assert error.value.code in {"forbidden", "merged"}


# --- messages ------------------------------------------------------------------------------------


def test_author_messages_supporters_at_most_every_three_days(gangbuk, proposal):
    supporters = _support(proposal, 3, gangbuk)
    msg = services.supporters_message(
        actor=proposal.author, district=gangbuk, proposal=proposal, body="고맙습니다"
    )
    assert msg.recipients == 3
    assert Notification.objects.filter(user__in=supporters, message__contains="고맙습니다").count() == 3
    with pytest.raises(DomainError) as error:
        services.supporters_message(actor=proposal.author, district=gangbuk, proposal=proposal, body="또")
    assert error.value.code == "rate_limited"
    Proposal.objects.filter(pk=proposal.pk).update(
        last_message_at=timezone.now() - datetime.timedelta(days=3, minutes=1)
    )
    proposal.refresh_from_db()
    services.supporters_message(actor=proposal.author, district=gangbuk, proposal=proposal, body="다시")
    assert SupporterMessage.objects.filter(proposal=proposal).count() == 2
    with pytest.raises(DomainError) as error:
        services.supporters_message(actor=supporters[0], district=gangbuk, proposal=proposal, body="x")
    assert error.value.code == "forbidden"


# --- personal data -------------------------------------------------------------------------------


def test_erase_keeps_proposals_and_counts_consistent(gangbuk, proposal):
    from madang.core import registry

    user = resident(gangbuk)
    mine = services.proposal_create(
        actor=user, district=gangbuk, process=proposal.process, title="내 제안", body="b"
    )
    services.support_add(actor=user, district=gangbuk, proposal=proposal)
    _support(proposal, 2, gangbuk)
    exported = registry.personal_data_export(user)["proposals"]
    assert exported["proposals"][0]["title"] == mine.title and len(exported["supports"]) == 1
    from django.db import transaction

    with transaction.atomic():
        registry.personal_data_erase(user)
        user.delete()
    proposal.refresh_from_db()
    mine.refresh_from_db()
    assert proposal.support_count == 2 == Support.objects.filter(proposal=proposal).count()
    assert mine.author is None and mine.proposer_name == "탈퇴한 회원"
    assert set(StageChange.objects.filter(proposal=mine).values_list("actor_label", flat=True)) == {
        "탈퇴한 회원"
    }


# --- concurrency (PostgreSQL) --------------------------------------------------------------------


def _race(fn, args_list):
    barrier = threading.Barrier(len(args_list))
    outcomes = []

    def run(*args):
        try:
            barrier.wait()
            fn(*args)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=a) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_residents_at_once_make_fifty_supports(gangbuk):
    process = proposals_process(gangbuk, tiers=((50, 30, Tier.Action.MAYOR),))
    p = ProposalFactory(process=process, district=gangbuk)
    users = [resident(gangbuk) for _ in range(50)]
    outcomes = _race(
        lambda u: services.support_add(actor=u, district=gangbuk, proposal=Proposal.objects.get(pk=p.pk)),
        [(u,) for u in users],
    )
    assert outcomes.count("ok") == 50
    p.refresh_from_db()
    assert p.support_count == 50 == Support.objects.filter(proposal=p).count()
    # the tier at 50 was crossed by one of those concurrent supports, exactly once
    assert TierCrossing.objects.filter(proposal=p).count() == 1
    assert Assignment.objects.filter(proposal=p).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_resident_sending_twenty_supports_at_once_makes_one(gangbuk):
    p = ProposalFactory(process=proposals_process(gangbuk), district=gangbuk)
    user = resident(gangbuk)
    outcomes = _race(
        lambda: services.support_add(actor=user, district=gangbuk, proposal=Proposal.objects.get(pk=p.pk)),
        [()] * 20,
    )
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "duplicate_support"}
    p.refresh_from_db()
    assert p.support_count == 1 == Support.objects.filter(proposal=p).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_tier_crossed_by_concurrent_supports_fires_once(gangbuk):
    process = proposals_process(gangbuk, tiers=((3, 30, Tier.Action.DEPARTMENT),))
    p = ProposalFactory(process=process, district=gangbuk)
    _support(p, 2, gangbuk)
    users = [resident(gangbuk) for _ in range(10)]
    outcomes = _race(
        lambda u: services.support_add(actor=u, district=gangbuk, proposal=Proposal.objects.get(pk=p.pk)),
        [(u,) for u in users],
    )
    assert outcomes.count("ok") == 10
    assert TierCrossing.objects.filter(proposal=p).count() == 1
    assert Assignment.objects.filter(proposal=p).count() == 1
    assert AuditEntry.objects.filter(object_type="proposals.tiercrossing").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_messages_send_once(gangbuk):
    p = ProposalFactory(process=proposals_process(gangbuk), district=gangbuk, author=resident(gangbuk))
    outcomes = _race(
        lambda: services.supporters_message(
            actor=p.author, district=gangbuk, proposal=Proposal.objects.get(pk=p.pk), body="안녕하세요"
        ),
        [()] * 8,
    )
    assert outcomes.count("ok") == 1
    assert SupporterMessage.objects.filter(proposal=p).count() == 1
