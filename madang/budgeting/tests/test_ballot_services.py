"""Ballots, paper ballots, channel scores and publishing the results (services)."""

import pytest
from django.db import IntegrityError, transaction

from madang.budgeting import ballot_services as services
from madang.budgeting import results
from madang.budgeting.ballot_models import Ballot, BallotChoice, ChannelScore, ResultPublication, Voter
from madang.budgeting.models import Project, ReviewCriterion, ReviewScore
from madang.core.models import AuditEntry
from madang.core.services import DomainError

from .ballots import Setup
from .factories import committee_member

pytestmark = pytest.mark.django_db
S = Project.Status


@pytest.fixture
def setup(gangbuk):
    return Setup(gangbuk)


def submit(s, user, keys, heading=None):
    return services.ballot_submit(
        actor=user, district=s.district, heading=heading or s.pot, project_ids=s.ids(*keys)
    )


def chosen(ballot):
    return sorted(BallotChoice.objects.filter(ballot=ballot).values_list("project__title", flat=True))


def test_knapsack_ballot_within_the_money_is_stored_and_replaced(setup):
    user = setup.voter()
    ballot = submit(setup, user, ["a", "b"])
    assert chosen(ballot) == ["사업 a", "사업 b"] and ballot.total_cost == 90_000_000
    again = submit(setup, user, ["c", "d"])
    assert again.pk == ballot.pk
    assert chosen(again) == ["사업 c", "사업 d"]
    assert Ballot.objects.count() == 1 and Voter.objects.count() == 1
    assert BallotChoice.objects.filter(cycle=setup.cycle).count() == 2
    voter = Voter.objects.get()
    assert (
        voter.user == user
        and voter.channel == "online"
        and voter.dong == setup.dong
        and voter.age_band == "30"
    )


def test_over_the_money_is_refused_and_nothing_changes(setup):
    user = setup.voter()
    submit(setup, user, ["b"])
    with pytest.raises(DomainError) as refused:
        submit(setup, user, ["a", "e"])  # 105,000,000 > 100,000,000
    assert refused.value.code == "over_budget" and "넘습니다" in refused.value.message
    assert chosen(Ballot.objects.get()) == ["사업 b"]


def test_approval_over_n_picks_refused(gangbuk):
    s = Setup(gangbuk, kind="approval", max_picks=2)
    user = s.voter()
    submit(s, user, ["a", "b"])  # approval ignores the money: 2 picks allowed
    with pytest.raises(DomainError) as refused:
        submit(s, user, ["a", "b", "c"])
    assert refused.value.code == "over_picks" and "2개까지" in refused.value.message


def test_min_share_is_enforced_and_capped_by_what_is_on_the_ballot(gangbuk):
    s = Setup(gangbuk, min_share=70)
    user = s.voter()
    with pytest.raises(DomainError) as refused:
        submit(s, user, ["b", "c"])  # 50,000,000 < 70,000,000
    assert refused.value.code == "under_min_share"
    with pytest.raises(DomainError):
        submit(s, user, ["b", "c", "d"])  # 60,000,000 still under
    assert submit(s, user, ["a", "c"]).total_cost == 80_000_000


def test_bad_input_each_with_a_korean_message(setup):
    user = setup.voter()
    cases = [
        ([setup.screened_out.pk], "not_on_ballot"),
        ([setup.dong_project.pk], "not_on_ballot"),  # another heading's project
        ([setup.p["a"].pk, setup.p["a"].pk], "invalid"),  # duplicate
        (["x1"], "invalid"),
        (["１２"], "invalid"),
        ([True], "invalid"),
        ([], "empty_ballot"),
        ([10**30], "invalid"),
    ]
    for ids, code in cases:
        with pytest.raises(DomainError) as refused:
            services.ballot_submit(actor=user, district=setup.district, heading=setup.pot, project_ids=ids)
        assert refused.value.code == code, (ids, refused.value.code)
        assert any("\uac00" <= ch <= "\ud7a3" for ch in refused.value.message)
    assert not Ballot.objects.exists() and not Voter.objects.exists()


def test_unverified_underage_and_outside_the_phase_are_refused(gangbuk, setup):
    from madang.accounts.models import Role
    from madang.accounts.tests.factories import user_with_role

    stranger = user_with_role(Role.RESIDENT, gangbuk)
    with pytest.raises(DomainError) as refused:
        submit(setup, stranger, ["a"])
    assert refused.value.code == "forbidden" and "주민 확인" in refused.value.message
    child = setup.voter(age=13)
    with pytest.raises(DomainError) as refused:
        submit(setup, child, ["a"])
    assert refused.value.code == "forbidden" and "14세" in refused.value.message
    closed = Setup(gangbuk, phase="결과 발표")
    with pytest.raises(DomainError) as refused:
        submit(closed, closed.voter(), ["a"])
    assert refused.value.code == "forbidden"
    assert not Ballot.objects.exists()


def test_dong_heading_only_for_the_voters_own_dong(setup):
    user = setup.voter()
    services.ballot_submit(
        actor=user, district=setup.district, heading=setup.dong_pot, project_ids=[setup.dong_project.pk]
    )
    with pytest.raises(DomainError) as refused:
        services.ballot_submit(
            actor=user, district=setup.district, heading=setup.other_dong_pot, project_ids=[1]
        )
    assert refused.value.code == "forbidden"
    # district-wide heading and own dong: two ballots, one voter
    submit(setup, user, ["a"])
    assert Ballot.objects.filter(voter__user=user).count() == 2 and Voter.objects.count() == 1


def test_other_districts_heading_is_refused(setup, mapo):
    other = Setup(mapo)
    user = setup.voter()
    with pytest.raises(DomainError):
        services.ballot_submit(
            actor=user, district=setup.district, heading=other.pot, project_ids=other.ids("a")
        )


def test_ballot_audit_records_counts_never_choices(setup):
    user = setup.voter()
    ballot = submit(setup, user, ["a", "d"])
    entry = AuditEntry.objects.get(action="vote")
    assert entry.after["picks"] == 2 and entry.after["total_cost"] == 70_000_000
    text = str(entry.before) + str(entry.after) + entry.note
    for project in Project.objects.all():
        assert project.title not in text
    assert set(entry.after) == {"heading", "picks", "total_cost", "replaced"} and not entry.before
    assert str(entry.object_id) == str(ballot.pk)


# --- paper ballots ---------------------------------------------------------------------------------


def enter(s, name, birth, keys, heading=None):
    return services.offline_ballot_enter(
        actor=s.operator,
        district=s.district,
        heading=heading or s.pot,
        name=name,
        birth_date=birth,
        project_ids=s.ids(*keys),
        note="망원동 투표소",
    )


def test_paper_ballot_is_checked_against_the_registry(setup):
    name, birth = setup.paper_voter()
    ballot = enter(setup, name, birth, ["a"])
    assert ballot.channel == "offline" and ballot.entered_by == setup.operator
    voter = ballot.voter
    assert voter.user is None and voter.dong == setup.dong and voter.channel == "offline"
    with pytest.raises(DomainError) as refused:
        enter(setup, "없는사람", birth, ["a"])
    assert refused.value.code == "not_in_registry"


def test_paper_ballot_twice_in_a_heading_is_refused_but_own_dong_heading_is_allowed(setup):
    name, birth = setup.paper_voter()
    enter(setup, name, birth, ["a"])
    with pytest.raises(DomainError) as refused:
        enter(setup, name, birth, ["b"])
    assert refused.value.code == "duplicate_ballot"
    services.offline_ballot_enter(
        actor=setup.operator,
        district=setup.district,
        heading=setup.dong_pot,
        name=name,
        birth_date=birth,
        project_ids=[setup.dong_project.pk],
    )
    assert Ballot.objects.filter(channel="offline").count() == 2


def test_online_then_paper_and_paper_then_online_are_refused(gangbuk, setup):
    from madang.residents.identity import identity_key

    from .factories import verified_resident

    # a verified online voter whose registry identity is the paper voter's
    name, birth = setup.paper_voter(name="이온라인")
    key = identity_key(name=name, birth_date=birth, dong_name=setup.dong.name)
    user = verified_resident(setup.cycle, dong=setup.dong)
    from madang.residents.models import ResidentVerification

    ResidentVerification.objects.filter(user=user).update(identity_key=key, birth_date=birth)
    from madang.budgeting.ballot_predicates import forget_voter

    forget_voter(user)
    submit(setup, user, ["a"])
    with pytest.raises(DomainError) as refused:
        enter(setup, name, birth, ["b"])
    assert refused.value.code == "duplicate_vote"

    name2, birth2 = setup.paper_voter(name="박종이")
    enter(setup, name2, birth2, ["b"])
    key2 = identity_key(name=name2, birth_date=birth2, dong_name=setup.dong.name)
    user2 = verified_resident(setup.cycle, dong=setup.dong)
    ResidentVerification.objects.filter(user=user2).update(identity_key=key2)
    forget_voter(user2)
    with pytest.raises(DomainError) as refused:
        submit(setup, user2, ["c"])
    assert refused.value.code == "duplicate_vote"


def test_db_refuses_two_ballots_of_one_identity_in_a_heading(setup):
    user = setup.voter()
    ballot = submit(setup, user, ["a"])
    other_voter = Voter.objects.create(cycle=setup.cycle, identity_key="f" * 64, channel="offline")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(
            cycle=setup.cycle,
            heading=setup.pot,
            voter=other_voter,
            identity_key=ballot.identity_key,
            channel="offline",
        )


def test_paper_ballots_only_by_staff_during_or_after_voting(gangbuk):
    s = Setup(gangbuk, phase="분과 심의")
    name, birth = s.paper_voter()
    with pytest.raises(DomainError) as refused:
        enter(s, name, birth, ["a"])
    assert refused.value.code == "forbidden"
    s2 = Setup(gangbuk, phase="총회")
    name, birth = s2.paper_voter(name="총회참석자")
    assert enter(s2, name, birth, ["a"]).channel == "offline"
    with pytest.raises(DomainError):
        services.offline_ballot_enter(
            actor=s2.voter(),
            district=gangbuk,
            heading=s2.pot,
            name=name,
            birth_date=birth,
            project_ids=s2.ids("b"),
        )


# --- channel scores and results ------------------------------------------------------------------------


def test_channel_scores_set_validates_and_audits(setup):
    a, b = setup.p["a"].pk, setup.p["b"].pk
    changed = services.channel_scores_set(
        actor=setup.operator,
        district=setup.district,
        cycle=setup.cycle,
        scores={(a, "budget_school"): "80", (b, "survey"): "12.5", (a, "survey"): ""},
    )
    assert changed == 2
    assert dict(ChannelScore.objects.values_list("channel", "score")) == {"budget_school": 80, "survey": 12.5}
    for bad in ["-1", "abc", "nan", "1e20"]:
        with pytest.raises(DomainError):
            services.channel_scores_set(
                actor=setup.operator, district=setup.district, cycle=setup.cycle, scores={(a, "survey"): bad}
            )
    with pytest.raises(DomainError):
        services.channel_scores_set(
            actor=setup.operator, district=setup.district, cycle=setup.cycle, scores={(a, "online"): "5"}
        )
    with pytest.raises(DomainError):
        services.channel_scores_set(
            actor=setup.voter(), district=setup.district, cycle=setup.cycle, scores={}
        )
    # removing
    services.channel_scores_set(
        actor=setup.operator, district=setup.district, cycle=setup.cycle, scores={(a, "budget_school"): ""}
    )
    assert ChannelScore.objects.count() == 1


def test_results_weights_normalisation_and_publication(gangbuk, monkeypatch):
    from django.utils import timezone

    from .ballots import now_in

    s = Setup(gangbuk, phase="결과 발표")
    voting = now_in(s.cycle, "주민 투표")
    real_now = timezone.now
    monkeypatch.setattr("django.utils.timezone.now", lambda: voting)
    voters = [s.voter() for _ in range(4)]
    submit(s, voters[0], ["a", "b"])
    submit(s, voters[1], ["b", "c"])
    submit(s, voters[2], ["b", "d"])
    submit(s, voters[3], ["e", "d"])
    monkeypatch.setattr("django.utils.timezone.now", real_now)
    # committee: 5 on every criterion for c, 1 for the others
    member = committee_member(s.cycle)
    for criterion in ReviewCriterion.objects.filter(cycle=s.cycle):
        for key, project in s.p.items():
            ReviewScore.objects.create(
                project=project, criterion=criterion, reviewer=member, score=5 if key == "c" else 1
            )
    # 2018 weights: online 50, committee 40, budget school 10 (none entered)
    computed = results.results_compute(s.cycle)
    heading = computed.headings[s.pot.pk]
    by_title = {p.title: p for p in heading.projects}
    # online: b 3 votes → 100; d 2 → 66.67; a, c, e 1 → 33.33. committee: c 5 → 100, others 1 → 20
    assert by_title["사업 b"].score == pytest.approx(50 * 1.0 + 40 * 0.2)
    assert by_title["사업 c"].score == pytest.approx(50 / 3 + 40)
    assert by_title["사업 d"].score == pytest.approx(50 * 2 / 3 + 8)
    order = [p.title for p in heading.projects]
    assert order[:3] == ["사업 b", "사업 c", "사업 d"]
    # money 100,000,000: b 30 + c 20 + d 10 = 60; then a (60) does not fit → skipped; e (45) does not fit
    funded = {p.title for p in heading.projects if p.funded}
    assert funded == {"사업 b", "사업 c", "사업 d"}
    assert heading.funded_total <= s.pot.amount
    publication = services.results_publish(actor=s.operator, district=gangbuk, cycle=s.cycle)
    assert ResultPublication.objects.get() == publication
    statuses = dict(Project.objects.filter(heading=s.pot).values_list("title", "status"))
    assert statuses["사업 b"] == S.FUNDED and statuses["사업 a"] == S.NOT_FUNDED
    assert statuses["부적격 사업"] == S.INELIGIBLE
    assert publication.data["turnout"]["voters"] == 4
    assert AuditEntry.objects.filter(action="publish").count() == 1
    with pytest.raises(DomainError):
        services.results_publish(actor=s.operator, district=gangbuk, cycle=s.cycle)


def test_publish_refused_while_voting_is_open(setup):
    with pytest.raises(DomainError) as refused:
        services.results_publish(actor=setup.operator, district=setup.district, cycle=setup.cycle)
    assert refused.value.code == "forbidden"


def test_erase_keeps_the_ballot_anonymously(setup):
    from madang.core import registry

    user = setup.voter()
    submit(setup, user, ["a"])
    assert registry.personal_data_export(user)["budget_ballots"][0]["projects"] == ["사업 a"]
    registry.personal_data_erase(user)
    voter = Voter.objects.get()
    assert voter.user is None
    assert BallotChoice.objects.filter(project=setup.p["a"]).count() == 1
    assert results.vote_counts(setup.cycle)[setup.p["a"].pk]["online"] == 1


def test_min_share_cap():
    assert services.min_spend(amount=100, min_share=70, available=50) == 50
    assert services.min_spend(amount=100, min_share=70, available=500) == 70
    assert services.min_spend(amount=100, min_share=0, available=500) == 0


def test_age_band():
    from madang.budgeting.ballot_models import age_band

    assert [age_band(a) for a in (14, 19, 20, 39, 69, 70, 99)] == ["10", "10", "20", "30", "60", "70", "70"]


def test_birth_date_required_for_paper(setup):
    with pytest.raises(DomainError):
        services.offline_ballot_enter(
            actor=setup.operator,
            district=setup.district,
            heading=setup.pot,
            name="누구",
            birth_date=None,
            project_ids=[1],
        )


def test_turnout_by_channel_dong_and_age_band(setup):
    for age in (30, 31, 72):
        submit(setup, setup.voter(age=age), ["a"])
    name, birth = setup.paper_voter()
    enter(setup, name, birth, ["b"])
    numbers = results.turnout(setup.cycle)
    assert (numbers["voters"], numbers["online"], numbers["offline"]) == (4, 3, 1)
    assert numbers["by_dong"] == [{"dong": setup.dong.name, "voters": 4}]
    bands = {row["code"]: row["voters"] for row in numbers["by_age_band"]}
    assert bands["30"] == 2 and bands["70"] == 1 and bands["50"] == 1  # the paper voter was born in 1970
    assert numbers["by_heading"] == {str(setup.pot.pk): 4}
    assert numbers["registry"] == 1  # the paper voter's registry row


def test_a_suspended_resident_cannot_vote(setup):
    from madang.accounts.services import user_suspend

    user = setup.voter()
    user_suspend(actor=setup.operator, user=user, district=setup.district, reason="도배")
    with pytest.raises(DomainError) as refused:
        submit(setup, user, ["a"])
    assert refused.value.code == "forbidden"
    assert not Ballot.objects.exists()
