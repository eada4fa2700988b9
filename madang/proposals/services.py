"""Writes for proposals. Each runs in one transaction with its audit entry (and search index rows).

Counts are kept by the database: a support is an INSERT (unique per person) and an F() update of
`support_count` under a row lock on the proposal, so the tiers it crosses are decided on the exact
count and each crossing is written once (unique per proposal and tier) in that same transaction.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from madang.core import registry, search
from madang.core.follows import is_following, notify_followers
from madang.core.ratelimit import rate_limit
from madang.core.services import (
    SYSTEM,
    DomainError,
    audit_record,
    model_snapshot,
    model_update,
    notify,
    require_perm,
    transition,
)
from madang.core.tenancy import ensure_in_district
from madang.core.text import clean_line, clean_markdown, clean_text
from madang.core.uploads import validate_upload

from .models import (
    BODY_MAX,
    MAX_ATTACHMENTS,
    MESSAGE_INTERVAL,
    OPEN_STAGES,
    STAGE_TRANSITIONS,
    Answer,
    Assignment,
    Attachment,
    Proposal,
    Review,
    Route,
    Stage,
    StageChange,
    Support,
    SupporterMessage,
    Tier,
    TierCrossing,
)

SEARCH_TYPE = "proposal"
DAY = 24 * 60 * 60
CREATION_LIMIT = 5  # proposals per account per day (staff exempt)
# an account younger than this sends its proposals to the operators' review queue first
NEW_ACCOUNT_AGE = datetime.timedelta(days=7)


# --- presets of the four platforms ------------------------------------------------------------------


@dataclass(frozen=True)
class TierSpec:
    threshold: int
    window_days: int
    action: str
    answer_days: int = 30


TIER_PRESETS: dict[str, tuple[str, list[TierSpec]]] = {
    "democracy_seoul": (
        _lazy("민주주의 서울"),
        [
            TierSpec(50, 30, Tier.Action.DEPARTMENT),
            TierSpec(100, 30, Tier.Action.FORUM),
            TierSpec(1000, 30, Tier.Action.MAYOR),
        ],
    ),
    "geumcheon": (_lazy("금천1번가"), [TierSpec(20, 20, Tier.Action.DEPARTMENT)]),
    "gwanak": (
        _lazy("온라인 관악청"),
        [TierSpec(5, 15, Tier.Action.DEPARTMENT), TierSpec(100, 15, Tier.Action.MAYOR)],
    ),
    "guro": (_lazy("구로1번가"), [TierSpec(20, 30, Tier.Action.DEPARTMENT)]),
}


def preset_choices() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, _specs) in TIER_PRESETS.items()]


# --- helpers --------------------------------------------------------------------------------------


def clean_body(value) -> str:
    """Markdown as stored: NFC, no control characters, newlines kept (rendered through the sanitiser)."""
    value = clean_markdown(str(value or "")).strip()
    if not value:
        raise DomainError(_("내용을 입력하세요."), code="invalid")
    if len(value) > BODY_MAX:
        raise DomainError(
            _("내용은 %(max)d자 이하로 써 주세요. (지금 %(n)d자)") % {"max": BODY_MAX, "n": len(value)},
            code="invalid",
        )
    return value


def clean_title(value) -> str:
    value = clean_line(value or "")
    if not value:
        raise DomainError(_("제목을 입력하세요."), code="invalid")
    if len(value) > 200:
        raise DomainError(_("제목은 200자 이하로 써 주세요."), code="invalid")
    return value


def actor_label(actor) -> str:
    if not getattr(actor, "is_authenticated", False):
        return "system"
    return (getattr(actor, "display_name", "") or str(actor))[:100]


def tiers_of(process) -> list[Tier]:
    return list(Tier.objects.filter(process=process).order_by("threshold", "pk"))


def index_proposal(proposal: Proposal) -> None:
    search.index_put(
        object_type=SEARCH_TYPE,
        object_id=proposal.pk,
        district_id=proposal.district_id,
        text=f"{proposal.title}\n{proposal.body}",
    )


def _notify_people(*, proposal: Proposal, event: str, message: str, exclude=()) -> None:
    """Tell the proposal's followers (kernel follows, by their preferences) and its author."""
    url = proposal.get_absolute_url()
    excluded = {getattr(u, "pk", u) for u in exclude}
    notify_followers(
        obj=proposal,
        event=event,
        message=message,
        url=url,
        district=proposal.district,
        exclude=tuple(excluded),
    )
    author_follows = proposal.author_id is not None and is_following(proposal.author, proposal)
    if proposal.author_id and proposal.author_id not in excluded and not author_follows:
        notify(user=proposal.author, message=message, url=url, district=proposal.district)


def _notify_staff(*, district, message: str, url: str) -> None:
    from madang.accounts.models import Role, RoleAssignment

    users = (
        RoleAssignment.objects.filter(district=district, role__in=[Role.OPERATOR, Role.DISTRICT_ADMIN])
        .select_related("user")
        .order_by("user_id")
    )
    seen = set()
    for assignment in users:
        if assignment.user_id in seen or not assignment.user.is_active:
            continue
        seen.add(assignment.user_id)
        notify(user=assignment.user, message=message, url=url, district=district)


def _stage_record(*, proposal, actor, source: str, target: str, reason: str = "", url: str = "", at=None):
    return StageChange.objects.create(
        proposal=proposal,
        from_stage=source,
        to_stage=target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label(actor),
        reason=reason[:5000],
        url=url[:500],
        created_at=at or timezone.now(),
    )


def _publish_values(proposal: Proposal, at: datetime.datetime) -> dict:
    tiers = tiers_of(proposal.process)
    values = {"published_at": at, "expires_at": None, "support_ends_at": None}
    if tiers:
        values["expires_at"] = at + datetime.timedelta(days=tiers[0].window_days)
        values["support_ends_at"] = at + datetime.timedelta(days=max(t.window_days for t in tiers))
    return values


# --- tiers ----------------------------------------------------------------------------------------


def _tiers_in_use(process) -> bool:
    return TierCrossing.objects.filter(tier__process=process).exists()


@transaction.atomic
def tier_create(
    *,
    actor,
    district,
    process,
    threshold: int,
    window_days: int,
    action: str,
    answer_days: int = 30,
    department=None,
) -> Tier:
    require_perm(actor, "proposals.manage_proposals", district, _("공감 기준을 정할 권한이 없습니다."))
    ensure_in_district(district, process, department)
    if process.kind != "proposals":
        raise DomainError(_("시민제안 과정에만 공감 기준을 둘 수 있습니다."), code="invalid")
    if threshold < 1 or window_days < 1 or answer_days < 1:
        raise DomainError(_("공감 수, 기간, 답변 기한은 1 이상이어야 합니다."), code="invalid")
    if action not in Tier.Action.values:
        raise DomainError(_("알 수 없는 조치입니다."), code="invalid")
    try:
        with transaction.atomic():
            tier = Tier.objects.create(
                process=process,
                threshold=threshold,
                window_days=window_days,
                action=action,
                answer_days=answer_days,
                default_department=department,
            )
    except IntegrityError as exc:
        raise DomainError(_("같은 공감 수와 조치의 기준이 이미 있습니다."), code="duplicate_tier") from exc
    audit_record(actor=actor, action="create", obj=tier, district=district, after=model_snapshot(tier))
    return tier


@transaction.atomic
def tier_delete(*, actor, district, tier: Tier) -> None:
    require_perm(actor, "proposals.manage_proposals", district, _("공감 기준을 정할 권한이 없습니다."))
    ensure_in_district(district, tier)
    if tier.crossings.exists():
        raise DomainError(_("이미 도달한 제안이 있는 기준은 지울 수 없습니다."), code="in_use")
    audit_record(actor=actor, action="delete", obj=tier, district=district, before=model_snapshot(tier))
    tier.delete()


@transaction.atomic
def tiers_apply_preset(*, actor, district, process, preset: str) -> list[Tier]:
    """Replace the process's tiers with one platform's preset (only while no proposal crossed one)."""
    require_perm(actor, "proposals.manage_proposals", district, _("공감 기준을 정할 권한이 없습니다."))
    ensure_in_district(district, process)
    if preset not in TIER_PRESETS:
        raise DomainError(_("알 수 없는 기준 묶음입니다."), code="invalid")
    if process.kind != "proposals":
        raise DomainError(_("시민제안 과정에만 공감 기준을 둘 수 있습니다."), code="invalid")
    if _tiers_in_use(process):
        raise DomainError(
            _("이미 기준에 도달한 제안이 있어 기준 묶음을 바꿀 수 없습니다. 기준을 하나씩 더하세요."),
            code="in_use",
        )
    before = [
        model_snapshot(t, ["threshold", "window_days", "action", "answer_days"]) for t in tiers_of(process)
    ]
    Tier.objects.filter(process=process).delete()
    label, specs = TIER_PRESETS[preset]
    tiers = [
        Tier.objects.create(
            process=process,
            threshold=s.threshold,
            window_days=s.window_days,
            action=s.action,
            answer_days=s.answer_days,
        )
        for s in specs
    ]
    audit_record(
        actor=actor,
        action="update",
        obj=process,
        district=district,
        before={"tiers": before},
        after={
            "tiers": [model_snapshot(t, ["threshold", "window_days", "action", "answer_days"]) for t in tiers]
        },
        note=_("공감 기준 묶음: %(label)s") % {"label": label},
    )
    return tiers


# --- proposals ------------------------------------------------------------------------------------


def _is_new_account(actor) -> bool:
    joined = getattr(actor, "date_joined", None)
    return joined is not None and timezone.now() - joined < NEW_ACCOUNT_AGE


def _validate_files(files) -> list[tuple[object, str]]:
    from django.core.exceptions import ValidationError

    files = [f for f in (files or []) if f]
    if len(files) > MAX_ATTACHMENTS:
        raise DomainError(
            _("첨부 파일은 %(n)d개까지 올릴 수 있습니다.") % {"n": MAX_ATTACHMENTS}, code="too_many_files"
        )
    checked = []
    for f in files:
        try:
            kind = validate_upload(f, kinds=("image", "pdf"), max_bytes=5 * 1024 * 1024)
        except ValidationError as error:
            name = clean_line(getattr(f, "name", "") or "")[:60]
            raise DomainError(f"{name}: {' '.join(error.messages)}", code="invalid_file") from error
        checked.append((f, kind))
    return checked


def _save_attachments(proposal: Proposal, checked, saved: list[str]) -> None:
    for f, kind in checked:
        name = clean_line(getattr(f, "name", "") or "")[:200] or "file"
        f.seek(0)
        attachment = Attachment(proposal=proposal, name=name, kind=kind, size=getattr(f, "size", 0) or 0)
        attachment.file.save(name, f, save=False)
        saved.append(attachment.file.name)
        attachment.save()


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def proposal_create(
    *,
    actor,
    district,
    process,
    title: str,
    body: str,
    issue_area=None,
    dong=None,
    files=(),
    on_behalf_name: str = "",
) -> Proposal:
    """A resident's proposal (or an operator's paper proposal entered for a resident, `on_behalf_name`).

    Files are checked by content before anything is written; a failure leaves no row and no file.
    A new account's proposal waits for an operator's review before it is public."""
    on_behalf_name = clean_line(on_behalf_name or "")[:50]
    if on_behalf_name:
        require_perm(
            actor,
            "proposals.add_proposal_on_behalf",
            process,
            _("운영진만 오프라인 제안을 대리 입력할 수 있습니다."),
        )
    else:
        require_perm(
            actor,
            "proposals.add_proposal",
            process,
            _("이 자치구 주민만, 제안을 받는 기간에 제안할 수 있습니다."),
        )
    ensure_in_district(district, process, dong)
    ensure_in_district(district, issue_area, allow_common=True)
    title = clean_title(title)
    body = clean_body(body)
    checked = _validate_files(files)
    staff = actor.has_perm("proposals.manage_proposals", district)
    if not staff:
        rate_limit(f"proposals:create:{actor.pk}", limit=CREATION_LIMIT, period=DAY)
    needs_review = not staff and _is_new_account(actor)
    now = timezone.now()
    saved: list[str] = []
    try:
        with transaction.atomic():
            proposal = Proposal(
                district=district,
                process=process,
                title=title,
                body=body,
                issue_area=issue_area,
                dong=dong,
                author=None if on_behalf_name else actor,
                on_behalf_name=on_behalf_name,
                entered_by=actor if on_behalf_name else None,
                stage=Stage.PROPOSED if needs_review else Stage.SUPPORT,
                review=Review.PENDING if needs_review else Review.APPROVED,
            )
            if not needs_review:
                for name, value in _publish_values(proposal, now).items():
                    setattr(proposal, name, value)
            proposal.save()
            _save_attachments(proposal, checked, saved)
            _stage_record(proposal=proposal, actor=actor, source="", target=Stage.PROPOSED, at=now)
            if not needs_review:
                _stage_record(
                    proposal=proposal, actor=actor, source=Stage.PROPOSED, target=Stage.SUPPORT, at=now
                )
            index_proposal(proposal)
            audit_record(
                actor=actor,
                action="create",
                obj=proposal,
                district=district,
                after={
                    **model_snapshot(proposal, ["title", "stage", "review", "on_behalf_name"]),
                    "files": saved,
                },
            )
            if needs_review:
                _notify_staff(
                    district=district,
                    message=_("검토할 새 제안이 있습니다: %(title)s") % {"title": title[:80]},
                    url=proposal.get_absolute_url(),
                )
    except BaseException:
        _delete_files(saved)
        raise
    return proposal


PROPOSAL_FIELDS = ["title", "body", "issue_area", "dong"]


@transaction.atomic
def proposal_update(*, actor, district, proposal: Proposal, **data) -> Proposal:
    require_perm(
        actor,
        "proposals.change_proposal",
        proposal,
        _("공감을 받기 전의 자기 제안만 고칠 수 있습니다."),
    )
    ensure_in_district(district, proposal, data.get("dong"))
    ensure_in_district(district, data.get("issue_area"), allow_common=True)
    if "title" in data:
        data["title"] = clean_title(data["title"])
    if "body" in data:
        data["body"] = clean_body(data["body"])
    proposal, changed = model_update(
        instance=proposal, fields=PROPOSAL_FIELDS, data=data, actor=actor, district=district
    )
    if changed:
        index_proposal(proposal)
    return proposal


@transaction.atomic
def proposal_review(*, actor, district, proposal: Proposal, approve: bool, reason: str = "") -> Proposal:
    """An operator publishes a new account's proposal (→ 공감 모집) or turns it down (reason required)."""
    require_perm(actor, "proposals.manage_proposals", district, _("제안을 검토할 권한이 없습니다."))
    ensure_in_district(district, proposal)
    reason = clean_text(reason or "")
    now = timezone.now()
    if approve:
        values = {"review": Review.APPROVED, **_publish_values(proposal, now)}
        transition(
            proposal,
            source=Stage.PROPOSED,
            target=Stage.SUPPORT,
            field="stage",
            values=values,
            actor=actor,
            action="publish",
            district=district,
            note=reason,
        )
        _stage_record(
            proposal=proposal, actor=actor, source=Stage.PROPOSED, target=Stage.SUPPORT, reason=reason, at=now
        )
        _notify_people(
            proposal=proposal,
            event="stage",
            message=_("제안이 공개되었습니다: %(t)s") % {"t": proposal.title[:80]},
        )
    else:
        if not reason:
            raise DomainError(_("반려할 때는 사유를 적어 주세요."), code="reason_required")
        transition(
            proposal,
            source=Stage.PROPOSED,
            target=Stage.REJECTED,
            field="stage",
            values={"review": Review.REJECTED},
            actor=actor,
            action="reject",
            district=district,
            note=reason,
        )
        _stage_record(
            proposal=proposal,
            actor=actor,
            source=Stage.PROPOSED,
            target=Stage.REJECTED,
            reason=reason,
            at=now,
        )
        if proposal.author_id:
            notify(
                user=proposal.author,
                message=_("제안이 반려되었습니다: %(reason)s") % {"reason": reason[:200]},
                url=proposal.get_absolute_url(),
                district=district,
            )
    return proposal


# --- supports -------------------------------------------------------------------------------------


def _refuse_closed(proposal: Proposal, at) -> None:
    if proposal.stage == Stage.EXPIRED or proposal.is_expired_by(at):
        raise DomainError(_("공감 기간이 끝나 보관된 제안입니다."), code="expired")
    if proposal.stage == Stage.MERGED:
        raise DomainError(_("다른 제안에 병합된 제안입니다. 병합된 제안에 공감해 주세요."), code="merged")
    if not proposal.is_open_for_support(at):
        raise DomainError(_("지금은 이 제안에 공감하거나 공감을 취소할 수 없습니다."), code="closed")


def expire_if_due(proposal: Proposal, at=None) -> bool:
    """Lazy expiry on read and on support: archive a proposal whose first window passed with no tier."""
    at = at or timezone.now()
    if not proposal.is_expired_by(at):
        return False
    try:
        proposal_expire(proposal=proposal, at=at)
    except DomainError:  # someone else expired (or moved) it first
        proposal.refresh_from_db(fields=["stage", "tier_reached"])
        return proposal.stage == Stage.EXPIRED
    return True


def _count_move(proposal_id: int, delta: int, at) -> tuple[int, int, bool] | None:
    """`support_count += delta` if the proposal takes supports now (open stage, published, window not
    over, not due to expire): one conditional UPDATE that also takes the row lock until commit, so the
    count it returns is exact and tier crossings are decided on it. Returns (count, tier_reached,
    whether a tier of its process is reached and not yet crossed), or None."""
    qn = connection.ops.quote_name
    table, tiers, crossings = (
        qn(Proposal._meta.db_table),
        qn(Tier._meta.db_table),
        qn(TierCrossing._meta.db_table),
    )
    open_stages = list(OPEN_STAGES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET support_count = support_count + %s "  # noqa: S608 - constant table names
            f"WHERE id = %s AND review = %s AND stage IN ({', '.join(['%s'] * len(open_stages))}) "
            "AND (support_ends_at IS NULL OR support_ends_at > %s) "
            "AND NOT (stage = %s AND tier_reached = 0 AND expires_at IS NOT NULL AND expires_at <= %s) "
            f"RETURNING support_count, tier_reached, EXISTS (SELECT 1 FROM {tiers} t "
            f"WHERE t.process_id = {table}.process_id AND t.threshold <= {table}.support_count "
            f"AND NOT EXISTS (SELECT 1 FROM {crossings} c "
            f"WHERE c.proposal_id = {table}.id AND c.tier_id = t.id))",
            [delta, proposal_id, Review.APPROVED, *open_stages, at, Stage.SUPPORT, at],
        )
        row = cursor.fetchone()
    return (int(row[0]), int(row[1]), bool(row[2])) if row else None


def _support_insert(proposal_id: int, user_id: int, at) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING: the new support's id, or None when the person already supports."""
    table = connection.ops.quote_name(Support._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (proposal_id, user_id, created_at) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id",
            [proposal_id, user_id, at],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _support_delete(proposal_id: int, user_id: int) -> int | None:
    table = connection.ops.quote_name(Support._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE proposal_id = %s AND user_id = %s RETURNING id",  # noqa: S608
            [proposal_id, user_id],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _refuse_why(proposal: Proposal, at) -> None:
    """The conditional UPDATE matched nothing: say why in Korean (reloads the proposal)."""
    proposal.refresh_from_db(fields=["stage", "review", "support_ends_at", "expires_at", "tier_reached"])
    _refuse_closed(proposal, at)
    raise DomainError(_("지금은 이 제안에 공감하거나 공감을 취소할 수 없습니다."), code="closed")


def support_add(*, actor, district, proposal: Proposal) -> Proposal:
    """Add the actor's 공감 (once per person: a unique constraint). The count moves by a conditional
    UPDATE that holds the proposal's row lock, so a tier reached by this support is crossed in this
    transaction, exactly once. Returns the proposal with the new count."""
    ensure_in_district(district, proposal)
    now = timezone.now()
    if expire_if_due(proposal, now):
        _refuse_closed(proposal, now)
    require_perm(
        actor,
        "proposals.support_proposal",
        proposal,
        _("이 자치구 주민만, 공감을 받는 기간에 공감할 수 있습니다."),
    )
    with transaction.atomic():
        moved = _count_move(proposal.pk, 1, now)
        if moved is None:
            _refuse_why(proposal, now)
        support_id = _support_insert(proposal.pk, actor.pk, now)
        if support_id is None:
            raise DomainError(_("이미 공감한 제안입니다."), code="duplicate_support")  # rolls the count back
        proposal.support_count, proposal.tier_reached, tier_due = moved
        support = Support(pk=support_id, proposal=proposal, user=actor, created_at=now)
        audit_record(
            actor=actor,
            action="support",
            obj=support,
            district=district,
            after={"proposal": proposal.pk, "support_count": proposal.support_count},
        )
        if tier_due:  # only then are the tiers read (and their windows checked) under the row lock
            _cross_tiers(proposal, at=now)
    return proposal


def support_withdraw(*, actor, district, proposal: Proposal) -> Proposal:
    """Withdraw the actor's 공감 while the proposal is open. Crossed tiers stay crossed."""
    ensure_in_district(district, proposal)
    now = timezone.now()
    if expire_if_due(proposal, now):
        _refuse_closed(proposal, now)
    require_perm(
        actor,
        "proposals.support_proposal",
        proposal,
        _("이 자치구 주민만, 공감을 받는 기간에 공감을 취소할 수 있습니다."),
    )
    with transaction.atomic():
        support_id = _support_delete(proposal.pk, actor.pk)
        if support_id is None:
            raise DomainError(_("공감하지 않은 제안입니다."), code="not_supported")
        moved = _count_move(proposal.pk, -1, now)
        if moved is None:
            _refuse_why(proposal, now)  # rolls the delete back
        proposal.support_count, proposal.tier_reached, _due = moved
        audit_record(
            actor=actor,
            action="delete",
            obj=Support(pk=support_id, proposal=proposal, user=actor),
            district=district,
            before={"proposal": proposal.pk, "support_count": proposal.support_count + 1},
            after={"support_count": proposal.support_count},
        )
    return proposal


def _cross_tiers(proposal: Proposal, *, at) -> list[TierCrossing]:
    """Under the proposal's row lock: write a crossing for each tier now reached within its window and
    not crossed before, and run its action. Returns the new crossings. One query when nothing is crossed."""
    crossed_here = TierCrossing.objects.filter(proposal_id=proposal.pk, tier=OuterRef("pk"))
    tiers = list(
        Tier.objects.filter(process_id=proposal.process_id)
        .annotate(crossed=Exists(crossed_here))
        .order_by("threshold", "pk")
    )
    due = [
        t
        for t in tiers
        if not t.crossed
        and proposal.support_count >= t.threshold
        and not (
            proposal.published_at and at > proposal.published_at + datetime.timedelta(days=t.window_days)
        )
    ]
    if not due:
        return []
    crossed = {t.pk for t in tiers if t.crossed}
    new = []
    for tier in due:
        with transaction.atomic():
            crossing = TierCrossing.objects.create(
                proposal=proposal, tier=tier, crossed_at=at, support_count=proposal.support_count
            )
        crossed.add(tier.pk)
        new.append(crossing)
        _tier_action(proposal, tier, crossing, at=at)
        audit_record(
            actor=SYSTEM,
            action="create",
            obj=crossing,
            district=proposal.district,
            after={"tier": tier.pk, "threshold": tier.threshold, "action": tier.action},
        )
    rank = max(i + 1 for i, t in enumerate(tiers) if t.pk in crossed)
    if rank != proposal.tier_reached:
        Proposal.objects.filter(pk=proposal.pk).update(tier_reached=rank)
        proposal.tier_reached = rank
    for crossing in new:
        _notify_people(
            proposal=proposal,
            event="tier",
            message=_("'%(title)s' 제안이 공감 %(n)d명을 넘었습니다: %(action)s")
            % {
                "title": proposal.title[:60],
                "n": crossing.tier.threshold,
                "action": crossing.tier.get_action_display(),
            },
        )
    return new


def _tier_action(proposal: Proposal, tier: Tier, crossing: TierCrossing, *, at) -> None:
    if tier.action in (Tier.Action.DEPARTMENT, Tier.Action.MAYOR):
        department = tier.default_department if tier.action == Tier.Action.DEPARTMENT else None
        known = tier.action == Tier.Action.MAYOR or department is not None
        assignment = Assignment.objects.create(
            proposal=proposal,
            crossing=crossing,
            kind=Assignment.Kind.MAYOR if tier.action == Tier.Action.MAYOR else Assignment.Kind.DEPARTMENT,
            answer_days=tier.answer_days,
            assigned_at=at if known else None,
            due_at=at + datetime.timedelta(days=tier.answer_days) if known else None,
            department=department,
        )
        if not known:
            _notify_staff(
                district=proposal.district,
                message=_("'%(title)s' 제안에 답변할 부서를 정해 주세요.") % {"title": proposal.title[:60]},
                url=proposal.get_absolute_url(),
            )
        return assignment
    if tier.action == Tier.Action.FORUM:
        if not registry.has_handoff("forums.open_topic"):
            crossing.pending = True
            crossing.save(update_fields=["pending"])
            return None
        from madang.core.links import absolute_url

        try:
            with transaction.atomic():
                topic = registry.handoff(
                    "forums.open_topic",
                    actor=SYSTEM,
                    district=proposal.district,
                    title=proposal.title,
                    body=proposal.body,
                    source_url=absolute_url(proposal.get_absolute_url()),
                )
        except DomainError:
            topic = None
        if topic is None:
            crossing.pending = True
            crossing.save(update_fields=["pending"])
            return None
        crossing.result_url = topic.get_absolute_url()[:500]
        crossing.save(update_fields=["result_url"])
        if not proposal.deliberation_url:
            Proposal.objects.filter(pk=proposal.pk).update(deliberation_url=crossing.result_url)
            proposal.deliberation_url = crossing.result_url
        return topic
    return None


# --- expiry ---------------------------------------------------------------------------------------


@transaction.atomic
def proposal_expire(*, proposal: Proposal, at=None, actor=SYSTEM) -> Proposal:
    """Archive a proposal whose first window passed with no tier crossed (stays readable)."""
    at = at or timezone.now()
    updated = Proposal.objects.filter(
        pk=proposal.pk, stage=Stage.SUPPORT, tier_reached=0, expires_at__lte=at
    ).update(stage=Stage.EXPIRED, updated_at=at)
    if not updated:
        raise DomainError(
            _("이미 처리되었거나 상태가 바뀌었습니다. 새로 고친 뒤 다시 확인하세요."), code="conflict"
        )
    proposal.stage = Stage.EXPIRED
    _stage_record(
        proposal=proposal,
        actor=actor,
        source=Stage.SUPPORT,
        target=Stage.EXPIRED,
        reason=_("공감 기간 안에 기준에 도달하지 못했습니다."),
        at=at,
    )
    audit_record(
        actor=actor,
        action="archive",
        obj=proposal,
        district=proposal.district,
        before={"stage": Stage.SUPPORT},
        after={"stage": Stage.EXPIRED},
    )
    return proposal


def proposals_expire_due(*, at=None) -> int:
    """Expire every due proposal (the `expire_proposals` command and worker task)."""
    at = at or timezone.now()
    due = Proposal.objects.filter(stage=Stage.SUPPORT, tier_reached=0, expires_at__lte=at).select_related(
        "district"
    )
    count = 0
    for proposal in due.iterator(chunk_size=500):
        try:
            proposal_expire(proposal=proposal, at=at)
        except DomainError:
            continue
        count += 1
    return count


# --- answers --------------------------------------------------------------------------------------


@transaction.atomic
def assignment_assign(*, actor, district, assignment: Assignment, department) -> Assignment:
    """An operator names the department that answers; the K days start now."""
    require_perm(actor, "proposals.assign_department", assignment, _("담당 부서를 정할 권한이 없습니다."))
    ensure_in_district(district, assignment, department)
    if assignment.kind != Assignment.Kind.DEPARTMENT:
        raise DomainError(_("구청장 답변은 부서에 배정하지 않습니다."), code="invalid")
    if assignment.answered_at is not None:
        raise DomainError(_("이미 답변한 요청입니다."), code="conflict")
    now = timezone.now()
    data = {
        "department": department,
        "assigned_at": assignment.assigned_at or now,
        "due_at": assignment.due_at or now + datetime.timedelta(days=assignment.answer_days),
    }
    model_update(
        instance=assignment,
        fields=list(data),
        data=data,
        actor=actor,
        district=district,
        note=_("담당 부서 배정"),
        clean=False,
    )
    for user in department.members.all():
        notify(
            user=user,
            message=_("부서에 답변할 시민제안이 배정되었습니다: %(t)s")
            % {"t": assignment.proposal.title[:60]},
            url=assignment.proposal.get_absolute_url(),
            district=district,
        )
    return assignment


def assignment_answer(*, actor, district, assignment: Assignment, answer: str, reason: str) -> Assignment:
    """The assigned department (or, for the 구청장, the district's admin) answers once, with reasons."""
    ensure_in_district(district, assignment)
    require_perm(
        actor,
        "proposals.answer_assignment",
        assignment,
        _("이 제안에 배정된 부서의 공무원만 답변할 수 있습니다.")
        if assignment.kind == Assignment.Kind.DEPARTMENT
        else _("구청장 답변은 구 관리자가 등록합니다."),
    )
    if answer not in Answer.values:
        raise DomainError(_("답변은 수용, 부분수용, 불수용, 장기검토 가운데 하나입니다."), code="invalid")
    reason = clean_body(reason) if reason and str(reason).strip() else ""
    if not reason:
        raise DomainError(_("답변 사유를 적어 주세요."), code="reason_required")
    now = timezone.now()
    with transaction.atomic():
        transition(
            assignment,
            source="",
            target=answer,
            field="answer",
            values={
                "reason": reason,
                "answered_at": now,
                "answered_by": actor,
                "answered_by_label": actor_label(actor),
            },
            actor=actor,
            action="update",
            district=district,
            note=_("답변"),
            message=_("이미 답변한 요청입니다."),
        )
        proposal = assignment.proposal
        _notify_people(
            proposal=proposal,
            event="answer",
            message=_("'%(title)s' 제안에 답변이 등록되었습니다: %(answer)s")
            % {"title": proposal.title[:60], "answer": assignment.get_answer_display()},
            exclude=[actor],
        )
    return assignment


def assignments_flag_overdue(*, at=None) -> int:
    """Tell each district's operators about answers past due, once per answer."""
    at = at or timezone.now()
    count = 0
    due = Assignment.objects.filter(answered_at__isnull=True, due_at__lt=at, overdue_flagged_at__isnull=True)
    for assignment in due.select_related("proposal__district").iterator(chunk_size=200):
        with transaction.atomic():
            if not Assignment.objects.filter(pk=assignment.pk, overdue_flagged_at__isnull=True).update(
                overdue_flagged_at=at
            ):
                continue
            district = assignment.proposal.district
            audit_record(
                actor=SYSTEM,
                action="update",
                obj=assignment,
                district=district,
                after={"overdue_flagged_at": at},
                note=_("답변 기한 지남"),
            )
            _notify_staff(
                district=district,
                message=_("답변 기한이 지난 제안이 있습니다: %(t)s") % {"t": assignment.proposal.title[:60]},
                url=assignment.proposal.get_absolute_url(),
            )
        count += 1
    return count


# --- the agenda's path ----------------------------------------------------------------------------


def stage_label(stage: str) -> str:
    return str(Stage(stage).label) if stage in Stage.values else stage


def proposal_stage_change(
    *,
    actor,
    district,
    proposal: Proposal,
    target: str,
    reason: str,
    adopted: bool | None = None,
    route: str = "",
    url: str = "",
) -> Proposal:
    """Move the proposal one step along the path (operators), with a reason; refused in Korean when the
    path does not allow it. 결정 needs adopted/not; 제도화 needs a route (시민참여예산 hands off)."""
    require_perm(actor, "proposals.change_stage", proposal, _("단계를 바꿀 권한이 없습니다."))
    ensure_in_district(district, proposal)
    if target not in STAGE_TRANSITIONS or target in (
        Stage.EXPIRED,
        Stage.MERGED,
        Stage.SUPPORT,
        Stage.REJECTED,
    ):
        raise DomainError(_("이 화면에서 옮길 수 없는 단계입니다."), code="invalid_stage")
    sources = STAGE_TRANSITIONS[target]
    if proposal.stage not in sources:
        raise DomainError(
            _("'%(source)s' 단계에서 '%(target)s' 단계로 옮길 수 없습니다. 가능한 이전 단계: %(allowed)s")
            % {
                "source": stage_label(proposal.stage),
                "target": stage_label(target),
                "allowed": ", ".join(stage_label(s) for s in sources),
            },
            code="invalid_stage",
        )
    reason = clean_text(reason or "")
    if not reason:
        raise DomainError(_("단계를 바꾸는 까닭을 적어 주세요."), code="reason_required")
    url = clean_line(url or "")[:500]
    if url and not (url.startswith("https://") or url.startswith("http://") or url.startswith("/")):
        raise DomainError(_("연결 주소는 http(s):// 또는 /로 시작해야 합니다."), code="invalid")
    values: dict = {}
    if target == Stage.DELIBERATION and url:
        values["deliberation_url"] = url
    if target == Stage.DECISION:
        if adopted is None:
            raise DomainError(_("채택 여부를 고르세요."), code="invalid")
        values.update(adopted=adopted, decision_reason=reason)
    if target == Stage.INSTITUTIONALISED:
        if not proposal.adopted:
            raise DomainError(_("채택된 제안만 제도화 단계로 옮길 수 있습니다."), code="invalid_stage")
        if route not in Route.values:
            raise DomainError(_("제도화 경로를 고르세요."), code="invalid")
        values["route"] = route
    now = timezone.now()
    with transaction.atomic():
        transition(
            proposal,
            source=sources,
            target=target,
            field="stage",
            values=values,
            actor=actor,
            action="transition",
            district=district,
            note=reason,
        )
        if target == Stage.INSTITUTIONALISED:
            link = url
            if route == Route.BUDGETING and registry.has_handoff("budgeting.project_from_proposal"):
                from madang.core.links import absolute_url

                project = registry.handoff(
                    "budgeting.project_from_proposal",
                    actor=actor,
                    district=district,
                    title=proposal.title,
                    body=proposal.body,
                    dong=proposal.dong,
                    source_url=absolute_url(proposal.get_absolute_url()),
                )
                if project is not None:
                    link = project.get_absolute_url()[:500]
            if link:
                Proposal.objects.filter(pk=proposal.pk).update(route_url=link)
                proposal.route_url = link
            url = link
        _stage_record(
            proposal=proposal,
            actor=actor,
            source=sources[0] if len(sources) == 1 else "",
            target=target,
            reason=reason,
            url=url,
            at=now,
        )
        _notify_people(
            proposal=proposal,
            event="stage",
            message=_("'%(title)s' 제안이 '%(stage)s' 단계로 넘어갔습니다.")
            % {"title": proposal.title[:60], "stage": stage_label(target)},
            exclude=[actor],
        )
    return proposal


def proposal_merge(*, actor, district, source: Proposal, target: Proposal, reason: str) -> Proposal:
    """Merge a duplicate `source` into `target`: every supporter of the source who had not supported the
    target now supports it (a person who supported both counts once); the source shows "…에 병합됨"."""
    require_perm(actor, "proposals.merge_proposal", source, _("제안을 병합할 권한이 없습니다."))
    ensure_in_district(district, source, target)
    if source.pk == target.pk:
        raise DomainError(_("같은 제안끼리는 병합할 수 없습니다."), code="invalid")
    reason = clean_text(reason or "")
    if not reason:
        raise DomainError(_("병합하는 까닭을 적어 주세요."), code="reason_required")
    now = timezone.now()
    with transaction.atomic():
        locked = {
            p.pk: p
            for p in Proposal.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")
        }
        kept = locked[target.pk]
        if kept.stage in (Stage.MERGED, Stage.EXPIRED, Stage.REJECTED):
            raise DomainError(_("병합해 남길 제안이 이미 닫혀 있습니다."), code="invalid_stage")
        transition(
            source,
            source=STAGE_TRANSITIONS[Stage.MERGED],
            target=Stage.MERGED,
            field="stage",
            values={"merged_into": kept},
            actor=actor,
            action="transition",
            district=district,
            note=reason,
            message=_("이미 병합되었거나 닫힌 제안은 병합할 수 없습니다."),
        )
        moved = list(
            Support.objects.filter(proposal_id=source.pk)
            .exclude(user_id__in=Support.objects.filter(proposal_id=kept.pk).values("user_id"))
            .values_list("user_id", "created_at")
        )
        Support.objects.bulk_create([Support(proposal=kept, user_id=u, created_at=c) for u, c in moved])
        Proposal.objects.filter(pk=kept.pk).update(support_count=F("support_count") + len(moved))
        kept.support_count += len(moved)
        _stage_record(
            proposal=source,
            actor=actor,
            source=locked[source.pk].stage,
            target=Stage.MERGED,
            reason=reason,
            url=kept.get_absolute_url(),
            at=now,
        )
        audit_record(
            actor=actor,
            action="update",
            obj=kept,
            district=district,
            after={
                "merged_from": source.pk,
                "supports_added": len(moved),
                "support_count": kept.support_count,
            },
            note=reason,
        )
        if kept.is_open_for_support(now):
            _cross_tiers(kept, at=now)
        search.index_remove(object_type=SEARCH_TYPE, object_id=source.pk)
    target.support_count = kept.support_count
    target.tier_reached = kept.tier_reached
    return target


# --- messages to supporters -----------------------------------------------------------------------


def supporters_message(*, actor, district, proposal: Proposal, body: str) -> SupporterMessage:
    """The author writes to everyone who supported the proposal: at most once every 3 days (a
    conditional UPDATE of `last_message_at` decides, so two at once send one)."""
    require_perm(
        actor,
        "proposals.message_supporters",
        proposal,
        _("제안한 사람만 공감한 사람들에게 글을 보낼 수 있습니다."),
    )
    ensure_in_district(district, proposal)
    body = clean_text(body or "")
    if not body:
        raise DomainError(_("보낼 내용을 입력하세요."), code="invalid")
    if len(body) > 2000:
        raise DomainError(_("메시지는 2000자 이하로 써 주세요."), code="invalid")
    now = timezone.now()
    with transaction.atomic():
        allowed = (
            Proposal.objects.filter(pk=proposal.pk)
            .filter(Q(last_message_at__isnull=True) | Q(last_message_at__lte=now - MESSAGE_INTERVAL))
            .update(last_message_at=now)
        )
        if not allowed:
            raise DomainError(
                _("공감한 사람들에게는 3일에 한 번만 글을 보낼 수 있습니다."), code="rate_limited"
            )
        proposal.last_message_at = now
        user_ids = list(
            Support.objects.filter(proposal=proposal).exclude(user=actor).values_list("user_id", flat=True)
        )
        message = SupporterMessage.objects.create(
            proposal=proposal, sender=actor, body=body, recipients=len(user_ids), sent_at=now
        )
        _message_supporters(proposal, user_ids, body)
        audit_record(
            actor=actor, action="create", obj=message, district=district, after={"recipients": len(user_ids)}
        )
    return message


def _message_supporters(proposal: Proposal, user_ids: list[int], body: str) -> None:
    """Each supporter hears of it by their preference for the event "message" (site, e-mail now, the
    daily digest, or not at all), as followers do (`core.follows.notify_followers`)."""
    from django.contrib.auth import get_user_model

    from madang.core.links import absolute_url
    from madang.core.models import Notification, NotificationPreference
    from madang.core.tasks import send_email_task

    text = (_("'%(title)s' 제안자의 글: %(body)s") % {"title": proposal.title[:60], "body": body[:300]})[:500]
    url = proposal.get_absolute_url()
    Channel = NotificationPreference.Channel
    preference = NotificationPreference.objects.filter(user_id=OuterRef("pk"), event="message").values(
        "channel"
    )[:1]
    rows = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .annotate(channel=Subquery(preference))
        .values_list("pk", "channel", "email")
    )
    notifications, emails = [], []
    for user_id, channel, email in rows:
        channel = channel or NotificationPreference.DEFAULT
        if channel == Channel.OFF:
            continue
        notifications.append(
            Notification(
                user_id=user_id,
                district=proposal.district,
                message=text,
                url=url,
                digest_pending=channel == Channel.DIGEST,
            )
        )
        if channel == Channel.EMAIL and email:
            emails.append(email)
    Notification.objects.bulk_create(notifications, batch_size=1000)

    def after_commit():
        for email in emails:  # one e-mail each: supporters never see each other's addresses
            send_email_task.enqueue(
                subject=text[:60], body=f"{text}\n\n{absolute_url(url)}", recipients=[email]
            )

    transaction.on_commit(after_commit)


# --- personal data --------------------------------------------------------------------------------


def personal_export(user) -> dict:
    proposals = Proposal.objects.filter(author=user).select_related("district").order_by("pk")
    supports = Support.objects.filter(user=user).select_related("proposal__district").order_by("pk")
    return {
        "proposals": [
            {
                "district": p.district.slug,
                "title": p.title,
                "body": p.body,
                "stage": p.stage,
                "support_count": p.support_count,
                "created_at": p.created_at.isoformat(),
            }
            for p in proposals
        ],
        "supports": [
            {
                "district": s.proposal.district.slug,
                "proposal": s.proposal.title,
                "created_at": s.created_at.isoformat(),
            }
            for s in supports
        ],
    }


def personal_erase(user) -> None:
    """On account deletion: proposals stay, shown as by "탈퇴한 회원" (author set to nothing); the person's
    supports are removed and each proposal's count goes down by one in the same statement set, so counts
    stay equal to the rows. Runs inside the deletion's transaction."""
    with transaction.atomic():
        proposal_ids = list(
            Proposal.objects.select_for_update()
            .filter(pk__in=Support.objects.filter(user=user).values("proposal_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Proposal.objects.filter(pk__in=proposal_ids).update(support_count=F("support_count") - 1)
        Support.objects.filter(user=user).delete()
        Proposal.objects.filter(author=user).update(author=None)
        gone = str(_("탈퇴한 회원"))
        StageChange.objects.filter(actor=user).update(actor=None, actor_label=gone)
        Assignment.objects.filter(answered_by=user).update(answered_by=None, answered_by_label=gone)
