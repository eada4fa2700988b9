"""Writes of the ballots part: online ballots, paper ballots, channel scores, publishing the results.

A ballot is replaced atomically (Decidim#862 and CONSUL#4061 let fast clicks exceed the money; this
cannot): in one transaction the voter row is inserted if missing (unique per cycle and identity key)
and locked with `SELECT … FOR UPDATE`, so every change of one person's ballots runs one after the other;
the whole ballot is validated inside that lock against the database (projects of this heading that are
shortlisted, N picks or the heading's money and minimum share), and only then are the old choices deleted
and the new ones inserted. A ballot over the money or over N is refused however fast it is sent.
Audit rows record that a ballot was cast/replaced/entered and how many projects it holds, never which.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.core.numbers import parse_int
from madang.core.ratelimit import rate_limit
from madang.core.services import AuditItem, DomainError, audit_bulk, audit_record, require_perm
from madang.core.tenancy import ensure_in_district

from .ballot_models import Ballot, BallotChoice, ChannelScore, ResultPublication, VoteChannel, Voter, age_band
from .ballot_predicates import forget_voter, heading_open_to, voter_eligibility
from .models import Cycle, Heading, Project

BALLOT_CHANGES_PER_MINUTE = 30
MAX_PICKS_ANY = 100  # no ballot names more projects than this, whatever the heading


def parse_project_ids(values: Iterable) -> list[int]:
    """Project ids from outside: positive integers, no repeats (Korean DomainError otherwise)."""
    ids: list[int] = []
    for value in values:
        if isinstance(value, bool):
            raise DomainError(_("사업 번호는 정수여야 합니다."), code="invalid")
        try:
            pk = parse_int(value, min=1)
        except DomainError:
            raise DomainError(
                _("사업 번호는 정수여야 합니다: %(v)s") % {"v": str(value)[:20]}, code="invalid"
            ) from None
        if pk in ids:
            raise DomainError(_("같은 사업을 두 번 고를 수 없습니다."), code="invalid")
        ids.append(pk)
        if len(ids) > MAX_PICKS_ANY:
            raise DomainError(_("고른 사업이 너무 많습니다."), code="over_picks")
    return ids


def min_spend(*, amount: int, min_share: int, available: int) -> int:
    """The least a knapsack ballot must spend: `min_share` % of the heading's money, but never more than
    all shortlisted projects of the heading cost together (else nobody could vote)."""
    if not min_share:
        return 0
    return min(amount * min_share // 100, available)


def check_ballot(*, kind: str, max_picks: int, min_share: int, amount: int, costs: list[int], available: int):
    """The ballot rules on the chosen projects' costs (pure; DomainError in Korean when broken)."""
    if not costs:
        raise DomainError(_("사업을 하나 이상 고르세요."), code="empty_ballot")
    total = sum(costs)
    if kind == Cycle.BallotKind.APPROVAL:
        if len(costs) > max_picks:
            raise DomainError(
                _("사업은 %(n)d개까지 고를 수 있습니다. 지금 %(k)d개를 골랐습니다.")
                % {"n": max_picks, "k": len(costs)},
                code="over_picks",
            )
        return total
    if total > amount:
        raise DomainError(
            _("고른 사업비 합계(%(total)s원)가 이 예산 구분의 금액(%(amount)s원)을 넘습니다.")
            % {"total": f"{total:,}", "amount": f"{amount:,}"},
            code="over_budget",
        )
    least = min_spend(amount=amount, min_share=min_share, available=available)
    if total < least:
        raise DomainError(
            _("예산의 %(share)d%% 이상(%(least)s원)을 배분해야 합니다. 지금 %(total)s원입니다.")
            % {"share": min_share, "least": f"{least:,}", "total": f"{total:,}"},
            code="under_min_share",
        )
    return total


def _shortlisted_costs(heading) -> dict[int, int]:
    """{project id: final cost} of the heading's projects on the ballot (one query)."""
    rows = Project.objects.filter(
        heading_id=heading.pk, cycle_id=heading.cycle_id, status=Project.Status.SHORTLISTED
    ).values_list("pk", "cost", "revised_cost")
    return {pk: (revised or cost or 0) for pk, cost, revised in rows}


def _validated_costs(heading, cycle, ids: list[int]) -> tuple[list[int], int]:
    costs = _shortlisted_costs(heading)
    unknown = [pk for pk in ids if pk not in costs]
    if unknown:
        raise DomainError(
            _("이 예산 구분의 투표 대상이 아닌 사업이 있습니다: %(ids)s")
            % {"ids": ", ".join(map(str, unknown[:5]))},
            code="not_on_ballot",
        )
    chosen = [costs[pk] for pk in ids]
    total = check_ballot(
        kind=cycle.ballot_kind,
        max_picks=cycle.approval_max_picks,
        min_share=cycle.knapsack_min_share,
        amount=int(heading.amount),
        costs=chosen,
        available=sum(costs.values()),
    )
    return chosen, total


def _voter_locked(*, cycle, identity_key: str, defaults: dict) -> tuple[Voter, bool]:
    """The voter row of (cycle, identity_key), inserted if missing, locked FOR UPDATE; (voter, created)."""
    created = False
    voter = Voter.objects.select_for_update().filter(cycle=cycle, identity_key=identity_key).first()
    if voter is None:
        try:
            with transaction.atomic():
                voter = Voter.objects.create(cycle=cycle, identity_key=identity_key, **defaults)
            created = True
        except IntegrityError:
            # another request inserted it first (waited for its commit): lock that row
            voter = Voter.objects.select_for_update().filter(cycle=cycle, identity_key=identity_key).first()
            if voter is None:
                raise DomainError(
                    _("이 계정은 이미 다른 주민 확인으로 투표했습니다."), code="conflict"
                ) from None
    return voter, created


def _write_ballot(*, voter, heading, cycle, ids, total, channel, entered_by=None) -> tuple[Ballot, bool]:
    """Insert the voter's ballot in `heading`, or replace it: one UPDATE … RETURNING and one DELETE of
    its choices (raw: nothing listens to a choice's deletion, and the audit row of the same
    transaction marks the district's cached pages stale), then one INSERT of the new choices."""
    now = timezone.now()
    ballot_table, choice_table = Ballot._meta.db_table, BallotChoice._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ballot_table} SET total_cost = %s, picks = %s, updated_at = %s "  # noqa: S608
            "WHERE heading_id = %s AND voter_id = %s RETURNING id, created_at",
            [total, len(ids), now, heading.pk, voter.pk],
        )
        row = cursor.fetchone()
        if row is not None:
            cursor.execute(f"DELETE FROM {choice_table} WHERE ballot_id = %s", [row[0]])  # noqa: S608
    created = row is None
    if created:
        ballot = Ballot.objects.create(
            cycle=cycle,
            heading=heading,
            voter=voter,
            identity_key=voter.identity_key,
            channel=channel,
            total_cost=total,
            picks=len(ids),
            entered_by=entered_by,
        )
    else:
        ballot = Ballot(
            pk=row[0],
            cycle=cycle,
            heading=heading,
            voter=voter,
            identity_key=voter.identity_key,
            channel=channel,
            total_cost=total,
            picks=len(ids),
            created_at=row[1],
            updated_at=now,
        )
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, project_id=pk, cycle=cycle, channel=channel) for pk in ids]
    )
    ballot.project_ids = list(ids)
    return ballot, created


@transaction.atomic
def ballot_submit(*, actor, district, heading: Heading, project_ids: Iterable) -> Ballot:
    """Cast or replace `actor`'s online ballot in `heading` (verified, old enough, while voting is open)."""
    cycle = heading.cycle
    verification, refusal = voter_eligibility(actor, cycle)
    if refusal:
        raise DomainError(refusal, code="forbidden")
    require_perm(actor, "budgeting.vote_cycle", cycle, _("지금은 투표 기간이 아닙니다."))
    ensure_in_district(district, cycle, heading)
    if not heading_open_to(heading, verification):
        raise DomainError(
            _("동 단위 예산에는 주민 확인한 행정동(%(dong)s)의 예산에만 투표할 수 있습니다.")
            % {"dong": verification.dong.name},
            code="forbidden",
        )
    ids = parse_project_ids(project_ids)
    # a person changes their ballot a few times, not hundreds: 30 a minute per account
    rate_limit(key=f"budgeting:ballot:{actor.pk}", limit=BALLOT_CHANGES_PER_MINUTE, period=60)
    voter, _created = _voter_locked(
        cycle=cycle,
        identity_key=verification.identity_key,
        defaults={
            "user": actor,
            "channel": VoteChannel.ONLINE,
            "dong_id": verification.dong_id,
            "age_band": _age_band_of(verification),
        },
    )
    if voter.channel != VoteChannel.ONLINE or voter.user_id != actor.pk:
        raise DomainError(_("이미 현장 투표(또는 다른 계정)로 투표한 주민입니다."), code="duplicate_vote")
    # inside the lock: the whole ballot against the database
    _chosen, total = _validated_costs(heading, cycle, ids)
    ballot, created = _write_ballot(
        voter=voter, heading=heading, cycle=cycle, ids=ids, total=total, channel=VoteChannel.ONLINE
    )
    audit_record(
        actor=actor,
        action="vote",
        obj=ballot,
        district=district,
        # secrecy: how many projects and how much, never which
        after={"heading": heading.pk, "picks": len(ids), "total_cost": total, "replaced": not created},
    )
    return ballot


def _age_band_of(verification) -> str:
    from madang.residents.selectors import age_on

    return age_band(age_on(verification, timezone.localdate()))


@transaction.atomic
def offline_ballot_enter(
    *,
    actor,
    district,
    heading: Heading,
    name: str,
    birth_date: datetime.date,
    project_ids: Iterable,
    note: str = "",
) -> Ballot:
    """An operator enters a paper ballot (booth or assembly) after checking the voter against the registry.

    The voter's registry identity (`residents.services.identity_key` of name, birth date and 행정동) must
    be in the cycle's registry extract; the 행정동 is the registry's. Nobody votes twice: a person who voted
    online cannot be entered on paper, and one paper ballot per heading per identity (DB-unique)."""
    from madang.residents.selectors import age_on
    from madang.residents.services import identity_in_registry, identity_key, registry_dong_of

    cycle = heading.cycle
    require_perm(
        actor,
        "budgeting.enter_offline_ballot",
        cycle,
        _("현장 투표는 투표가 시작된 뒤 결과 공개 전까지 입력할 수 있습니다."),
    )
    ensure_in_district(district, cycle, heading)
    if birth_date is None:
        raise DomainError(_("생년월일을 입력하세요."), code="invalid")
    dong = heading.dong if heading.kind == "dong" else None
    # the registry key names the 행정동: for a dong heading it is that dong; else try the voter's dong
    # by the registry (each dong of the district is tried: the key hides which one matches)
    key = None
    if dong is not None:
        candidate = identity_key(name=name, birth_date=birth_date, dong_name=dong.name)
        if identity_in_registry(process=cycle.process, key=candidate):
            key = candidate
    else:
        from madang.districts.models import Dong

        for dong_name in Dong.objects.in_district(district).values_list("name", flat=True):
            candidate = identity_key(name=name, birth_date=birth_date, dong_name=dong_name)
            if identity_in_registry(process=cycle.process, key=candidate):
                key = candidate
                break
    if key is None:
        raise DomainError(
            _("주민 명부에서 이 분을 찾을 수 없습니다 (동 단위 예산은 그 동 주민만 투표할 수 있습니다)."),
            code="not_in_registry",
        )
    age = age_on(birth_date, timezone.localdate())
    if age < cycle.min_age:
        raise DomainError(
            _("만 %(age)d세 이상 주민만 투표할 수 있습니다.") % {"age": cycle.min_age}, code="forbidden"
        )
    ids = parse_project_ids(project_ids)
    registry_dong = registry_dong_of(cycle.process, key)
    voter, _created = _voter_locked(
        cycle=cycle,
        identity_key=key,
        defaults={
            "user": None,
            "channel": VoteChannel.OFFLINE,
            "dong_id": getattr(registry_dong, "pk", None),
            "age_band": age_band(age),
        },
    )
    if voter.channel != VoteChannel.OFFLINE:
        raise DomainError(_("이미 온라인으로 투표한 주민입니다."), code="duplicate_vote")
    if Ballot.objects.filter(heading=heading, identity_key=key).exists():
        raise DomainError(_("이 주민은 이 예산 구분에 이미 투표했습니다."), code="duplicate_ballot")
    _chosen, total = _validated_costs(heading, cycle, ids)
    try:
        with transaction.atomic():
            ballot, _c = _write_ballot(
                voter=voter,
                heading=heading,
                cycle=cycle,
                ids=ids,
                total=total,
                channel=VoteChannel.OFFLINE,
                entered_by=actor,
            )
    except IntegrityError:
        raise DomainError(_("이 주민은 이 예산 구분에 이미 투표했습니다."), code="duplicate_ballot") from None
    audit_record(
        actor=actor,
        action="vote",
        obj=ballot,
        district=district,
        after={"heading": heading.pk, "picks": len(ids), "total_cost": total, "channel": "offline"},
        note=(note or "")[:200],
    )
    return ballot


# --- operators' channel scores ------------------------------------------------------------------------


def _parse_score(value) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        score = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise DomainError(
            _("점수는 숫자로 입력하세요: %(v)s") % {"v": str(value)[:20]}, code="invalid"
        ) from None
    if not score.is_finite() or score < 0 or score >= Decimal("1e10"):
        raise DomainError(_("점수는 0 이상 100억 미만의 숫자여야 합니다."), code="invalid")
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def channel_scores_set(*, actor, district, cycle: Cycle, scores: dict) -> int:
    """Set operators' raw scores: {(project id, channel): value or None (= remove)}; returns rows changed."""
    require_perm(
        actor, "budgeting.score_channels", cycle, _("결과 공개 전까지 운영진만 점수를 입력할 수 있습니다.")
    )
    ensure_in_district(district, cycle)
    valid_channels = set(ChannelScore.Channel.values)
    project_ids = {pk for pk, _ch in scores}
    projects = set(Project.objects.filter(cycle=cycle, pk__in=project_ids).values_list("pk", flat=True))
    existing = {(s.project_id, s.channel): s for s in ChannelScore.objects.filter(project_id__in=projects)}
    changed = 0
    before, after = {}, {}
    for (pk, channel), raw in scores.items():
        if pk not in projects:
            raise DomainError(_("이 회차의 사업이 아닙니다: %(pk)s") % {"pk": pk}, code="not_found")
        if channel not in valid_channels:
            raise DomainError(_("점수를 입력할 수 없는 경로입니다: %(c)s") % {"c": channel}, code="invalid")
        value = _parse_score(raw)
        current = existing.get((pk, channel))
        old = current.score if current else None
        if old == value:
            continue
        if value is None:
            current.delete()
        elif current is None:
            ChannelScore.objects.create(project_id=pk, channel=channel, score=value)
        else:
            ChannelScore.objects.filter(pk=current.pk).update(score=value, updated_at=timezone.now())
        label = f"{pk}:{channel}"
        before[label] = None if old is None else str(old)
        after[label] = None if value is None else str(value)
        changed += 1
    if changed:
        audit_record(actor=actor, action="update", obj=cycle, district=district, before=before, after=after)
    return changed


# --- publishing the results ---------------------------------------------------------------------------


@transaction.atomic
def results_publish(*, actor, district, cycle: Cycle) -> ResultPublication:
    """Freeze the results (ranking, weights, turnout) and set the projects funded / not funded."""
    from . import results

    require_perm(
        actor,
        "budgeting.publish_results",
        cycle,
        _("결과는 투표가 끝난 뒤 운영진이 한 번 공개할 수 있습니다."),
    )
    ensure_in_district(district, cycle)
    # lock the cycle: two operators publishing at once → one publication
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
    if ResultPublication.objects.filter(cycle=cycle).exists():
        raise DomainError(_("결과가 이미 공개되었습니다."), code="conflict")
    computed = results.results_compute(cycle)
    funded = [p.id for h in computed.headings.values() for p in h.projects if p.funded]
    ranked = [p.id for h in computed.headings.values() for p in h.projects]
    not_funded = [pk for pk in ranked if pk not in set(funded)]
    publication = ResultPublication.objects.create(
        cycle=cycle,
        weights=computed.weights,
        data=results.results_snapshot(computed, cycle),
        published_by=actor if hasattr(actor, "_meta") else None,  # SYSTEM (demo, commands) is no user
    )
    shortlisted = Q(cycle=cycle, status=Project.Status.SHORTLISTED)
    Project.objects.filter(shortlisted, pk__in=funded).update(
        status=Project.Status.FUNDED, updated_at=timezone.now()
    )
    Project.objects.filter(shortlisted, pk__in=not_funded).update(
        status=Project.Status.NOT_FUNDED, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="publish",
        obj=cycle,
        district=district,
        after={"funded": funded, "not_funded": not_funded, "weights": computed.weights},
    )
    projects = Project.objects.filter(pk__in=ranked).select_related("cycle")
    audit_bulk(
        actor=actor,
        items=[
            AuditItem(
                obj=p,
                action="transition",
                before={"status": Project.Status.SHORTLISTED},
                after={"status": p.status},
                district=district,
            )
            for p in projects
        ],
    )
    return publication


def voter_forget(user) -> None:
    """Personal-data erase: the person's ballots stay in the tally, no longer linked to the account."""
    Voter.objects.filter(user=user).update(user=None)
    forget_voter(user)
