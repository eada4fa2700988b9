"""Writes for arenas. Each runs in one transaction with its audit entry; official records are written
by the district's staff, a follow-up is closed by its owner department's members (or staff)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.core.services import (
    DomainError,
    audit_record,
    model_snapshot,
    model_update,
    require_perm,
    transition,
    validate_model,
)
from madang.core.tenancy import ensure_in_district
from madang.core.text import clean_line, clean_text

from .models import ERASED_NAME, AgendaItem, Arena, Attendance, Decision, FollowUp, Seat, Session
from .predicates import forget_seats

ARENA_FIELDS = ["name", "kind", "dong", "description", "seat_cap", "quorum", "is_active"]
SESSION_FIELDS = ["number", "title", "starts_at", "place", "online_url"]
MULTILINE = {"description", "text", "minutes", "done_note"}


def _manage(actor, district) -> None:
    require_perm(actor, "arenas.manage_arenas", district, _("아레나를 관리할 권한이 없습니다."))


def _clean(data: dict) -> dict:
    return {
        k: (clean_text(v) if k in MULTILINE else clean_line(v)) if isinstance(v, str) else v
        for k, v in data.items()
    }


def _lock_arena(arena: Arena) -> Arena:
    """Serialise writes that check intervals of one arena (seats, the cap, co-chairs)."""
    return Arena.objects.select_for_update().get(pk=arena.pk)


# --- arenas -------------------------------------------------------------------------------------------


def arena_create(*, actor, district, data: dict) -> Arena:
    _manage(actor, district)
    data = _clean({k: v for k, v in data.items() if k in ARENA_FIELDS})
    ensure_in_district(district, data.get("dong"))
    arena = Arena(district=district, **data)
    validate_model(arena, validate_unique=False, validate_constraints=False)
    if arena.kind == Arena.Kind.DONG and arena.dong is None:
        raise DomainError(_("동 단위 회의는 행정동을 정해야 합니다."), code="dong_required")
    try:
        with transaction.atomic():
            arena.save()
            audit_record(
                actor=actor,
                action="create",
                obj=arena,
                district=district,
                after=model_snapshot(arena, ARENA_FIELDS),
            )
    except IntegrityError as exc:
        raise DomainError(
            _("이 자치구에 같은 이름의 아레나가 이미 있습니다."), code="duplicate_arena"
        ) from exc
    return arena


def arena_update(*, actor, arena: Arena, data: dict) -> Arena:
    _manage(actor, arena.district)
    data = _clean({k: v for k, v in data.items() if k in ARENA_FIELDS})
    ensure_in_district(arena.district, data.get("dong"))
    kind = data.get("kind", arena.kind)
    if kind == Arena.Kind.DONG and data.get("dong", arena.dong) is None:
        raise DomainError(_("동 단위 회의는 행정동을 정해야 합니다."), code="dong_required")
    try:
        with transaction.atomic():
            model_update(instance=arena, fields=ARENA_FIELDS, data=data, actor=actor, district=arena.district)
    except IntegrityError as exc:
        raise DomainError(
            _("이 자치구에 같은 이름의 아레나가 이미 있습니다."), code="duplicate_arena"
        ) from exc
    return arena


# --- seats and terms ----------------------------------------------------------------------------------


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    far = datetime.date.max
    return a_start <= (b_end or far) and b_start <= (a_end or far)


def _peak(intervals, start, end) -> int:
    """The largest number of `intervals` (start, end|None) held at once within [start, end]."""
    events = []
    for s, e in intervals:
        s = max(s, start)
        events.append((s, 1))
        if e is not None:
            events.append((e + datetime.timedelta(days=1), -1))
    peak = current = 0
    for _day, delta in sorted(events, key=lambda ev: (ev[0], ev[1])):
        current += delta
        peak = max(peak, current)
    return peak


def _check_seat(arena: Arena, *, role, seat_kind, user, name, term_start, term_end, exclude=None) -> None:
    """The interval rules, under the arena's row lock: no overlapping terms for one person, one
    co-chair per kind at a time, at most `seat_cap` seats at a time."""
    if term_end is not None and term_end < term_start:
        raise DomainError(_("임기 끝은 임기 시작보다 빠를 수 없습니다."), code="term_order")
    if role == Seat.Role.COCHAIR_CIVIL and seat_kind != Seat.Kind.CIVIL:
        raise DomainError(_("민간 공동의장은 민간 위원이어야 합니다."), code="cochair_kind")
    if role == Seat.Role.COCHAIR_PUBLIC and seat_kind != Seat.Kind.PUBLIC:
        raise DomainError(_("공공 공동의장은 공공 위원이어야 합니다."), code="cochair_kind")
    others = [
        s
        for s in Seat.objects.filter(arena=arena).exclude(pk=getattr(exclude, "pk", None))
        if _overlaps(s.term_start, s.term_end, term_start, term_end)
    ]
    for seat in others:
        same_person = (user is not None and seat.user_id == user.pk) or (
            user is None and seat.user_id is None and seat.name == name
        )
        if same_person:
            raise DomainError(
                _("%(name)s 님의 임기(%(start)s~)와 겹칩니다.")
                % {"name": seat.name, "start": seat.term_start},
                code="term_overlap",
            )
        if role in Seat.COCHAIRS and seat.role == role:
            raise DomainError(
                _("같은 기간에 %(role)s은(는) 한 명뿐입니다 (현재 %(name)s).")
                % {"role": seat.get_role_display(), "name": seat.name},
                code="cochair_taken",
            )
    if _peak([(s.term_start, s.term_end) for s in others], term_start, term_end) + 1 > arena.seat_cap:
        raise DomainError(
            _("정원(%(cap)s명)을 넘습니다. 다른 위원의 임기를 먼저 끝내세요.") % {"cap": arena.seat_cap},
            code="seat_cap",
        )


def seat_add(
    *,
    actor,
    arena: Arena,
    seat_kind: str,
    role: str = Seat.Role.MEMBER,
    user=None,
    name: str = "",
    affiliation: str = "",
    term_start: datetime.date,
    term_end: datetime.date | None = None,
) -> Seat:
    _manage(actor, arena.district)
    name = clean_line(name or "") or (user.display_name if user is not None else "")
    if not name:
        raise DomainError(_("위원의 이름을 적거나 회원을 고르세요."), code="name_required")
    try:
        with transaction.atomic():
            locked = _lock_arena(arena)
            _check_seat(
                locked,
                role=role,
                seat_kind=seat_kind,
                user=user,
                name=name,
                term_start=term_start,
                term_end=term_end,
            )
            seat = Seat(
                arena=locked,
                seat_kind=seat_kind,
                role=role,
                user=user,
                name=name[:50],
                affiliation=clean_line(affiliation or "")[:100],
                term_start=term_start,
                term_end=term_end,
            )
            validate_model(seat, validate_unique=False, validate_constraints=False)
            seat.save()
            audit_record(
                actor=actor,
                action="create",
                obj=seat,
                district=arena.district,
                after=model_snapshot(seat, ["seat_kind", "role", "user", "name", "term_start", "term_end"]),
            )
    except IntegrityError as exc:
        raise DomainError(
            _("임기 중인 같은 공동의장이나 같은 사람의 임기가 이미 있습니다."), code="duplicate_seat"
        ) from exc
    if user is not None:
        forget_seats(user)
    return seat


def seat_end(*, actor, seat: Seat, term_end: datetime.date) -> Seat:
    """End a term (the person leaves the arena on `term_end`)."""
    _manage(actor, seat.arena.district)
    if term_end < seat.term_start:
        raise DomainError(_("임기 끝은 임기 시작보다 빠를 수 없습니다."), code="term_order")
    if seat.term_end is not None and term_end > seat.term_end:
        raise DomainError(_("임기는 줄일 수만 있습니다."), code="term_extend")
    with transaction.atomic():
        _lock_arena(seat.arena)
        model_update(
            instance=seat,
            fields=["term_end"],
            data={"term_end": term_end},
            actor=actor,
            action="close",
            district=seat.arena.district,
            clean=False,
        )
    if seat.user is not None:
        forget_seats(seat.user)
    return seat


def seats_erase_for_user(*, user) -> int:
    """Account deletion: the official record stays, the name becomes "탈퇴한 회원" (no audit: the
    account's deletion is itself audited by accounts)."""
    return Seat.objects.filter(user=user).update(name=ERASED_NAME, user=None, affiliation="")


# --- sessions -----------------------------------------------------------------------------------------


def session_create(*, actor, arena: Arena, data: dict) -> Session:
    """Schedule 제N차 회의 (N: the next number unless given) and tell the arena's followers."""
    _manage(actor, arena.district)
    data = _clean({k: v for k, v in data.items() if k in SESSION_FIELDS})
    try:
        with transaction.atomic():
            locked = _lock_arena(arena)
            if not data.get("number"):
                last = Session.objects.filter(arena=locked).aggregate(n=Max("number"))["n"] or 0
                data["number"] = last + 1
            session = Session(arena=locked, **data)
            validate_model(session, validate_unique=False, validate_constraints=False)
            session.save()
            audit_record(
                actor=actor,
                action="create",
                obj=session,
                district=arena.district,
                after=model_snapshot(session, SESSION_FIELDS),
            )
            _notify_session(session, actor=actor)
    except IntegrityError as exc:
        raise DomainError(_("같은 차수의 회의가 이미 있습니다."), code="duplicate_session") from exc
    return session


def _notify_session(session: Session, *, actor) -> None:
    from madang.core.follows import notify_followers

    when = timezone.localtime(session.starts_at)
    notify_followers(
        obj=session.arena,
        event="session",
        message=_("%(arena)s 제%(n)s차 회의가 %(date)s에 열립니다.")
        % {
            "arena": session.arena.name,
            "n": session.number,
            "date": f"{when.year}년 {when.month}월 {when.day}일 {when:%H:%M}",
        },
        url=session.get_absolute_url(),
        district=session.arena.district,
        exclude=[actor] if getattr(actor, "is_authenticated", False) else [],
    )


def session_update(*, actor, session: Session, data: dict) -> Session:
    _manage(actor, session.arena.district)
    data = _clean({k: v for k, v in data.items() if k in SESSION_FIELDS})
    try:
        with transaction.atomic():
            model_update(
                instance=session,
                fields=SESSION_FIELDS,
                data=data,
                actor=actor,
                district=session.arena.district,
                validate_unique=False,
            )
    except IntegrityError as exc:
        raise DomainError(_("같은 차수의 회의가 이미 있습니다."), code="duplicate_session") from exc
    return session


def session_set_status(*, actor, session: Session, status: str) -> Session:
    """예정 → 개최 or 취소 (and back to 예정 from 취소), a conditional UPDATE that loses races cleanly."""
    _manage(actor, session.arena.district)
    moves = {
        Session.Status.HELD: [Session.Status.SCHEDULED],
        Session.Status.CANCELLED: [Session.Status.SCHEDULED],
        Session.Status.SCHEDULED: [Session.Status.CANCELLED],
    }
    if status not in moves:
        raise DomainError(_("알 수 없는 회의 상태입니다."), code="invalid")
    if status == Session.Status.CANCELLED and session.agenda_items.filter(decision__isnull=False).exists():
        raise DomainError(_("결정이 기록된 회의는 취소할 수 없습니다."), code="has_decisions")
    return transition(
        session,
        source=moves[status],
        target=status,
        actor=actor,
        district=session.arena.district,
        action={"held": "close", "cancelled": "archive", "scheduled": "reopen"}[status],
        message=_("회의 상태가 이미 바뀌었습니다. 새로 고친 뒤 다시 확인하세요."),
    )


def attendance_set(*, actor, session: Session, seats) -> Session:
    """Who attended: seats of the arena in their term on the session's day. The count is kept on the
    session; it may not fall below the votes of a decision already recorded."""
    _manage(actor, session.arena.district)
    day = timezone.localdate(session.starts_at)
    wanted = {seat.pk: seat for seat in seats}
    for seat in wanted.values():
        if seat.arena_id != session.arena_id:
            raise DomainError(
                _("이 아레나의 위원이 아닙니다: %(name)s") % {"name": seat.name}, code="not_member"
            )
        if not seat.is_active_on(day):
            raise DomainError(
                _("회의 날짜에 임기 중이 아닌 위원입니다: %(name)s") % {"name": seat.name}, code="not_in_term"
            )
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status == Session.Status.CANCELLED:
            raise DomainError(_("취소된 회의의 출석은 기록할 수 없습니다."), code="cancelled")
        most = max(
            (d.votes_total for d in Decision.objects.filter(item__session=locked)),
            default=0,
        )
        if len(wanted) < most:
            raise DomainError(
                _("이미 기록된 표결(%(n)s표)보다 출석 인원이 적을 수 없습니다.") % {"n": most},
                code="below_votes",
            )
        before = sorted(Attendance.objects.filter(session=locked).values_list("seat_id", flat=True))
        after = sorted(wanted)
        if before == after:
            return session
        Attendance.objects.filter(session=locked).exclude(seat_id__in=after).delete()
        Attendance.objects.bulk_create(
            [Attendance(session=locked, seat_id=pk) for pk in after if pk not in set(before)]
        )
        Session.objects.filter(pk=locked.pk).update(attendance_count=len(after), updated_at=timezone.now())
        session.attendance_count = len(after)
        audit_record(
            actor=actor,
            action="update",
            obj=session,
            district=session.arena.district,
            before={"attendance": before},
            after={"attendance": after},
        )
    return session


# --- agenda and decisions -----------------------------------------------------------------------------


def _check_link(district, link_type: str, link_id) -> tuple[str, int | None]:
    from madang.core.registry import link_resolve

    link_type = (link_type or "").strip()
    if not link_type:
        return "", None
    try:
        pk = int(link_id)
    except (TypeError, ValueError):
        raise DomainError(_("연결할 대상을 고르세요."), code="link_invalid") from None
    if link_resolve(link_type, pk, district) is None:
        raise DomainError(_("이 자치구에서 연결할 수 있는 대상이 아닙니다."), code="link_invalid")
    return link_type, pk


def agenda_item_add(
    *, actor, session: Session, title: str, description: str = "", link_type: str = "", link_id=None
) -> AgendaItem:
    district = session.arena.district
    _manage(actor, district)
    link_type, link_id = _check_link(district, link_type, link_id)
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session.pk).first()
        last = AgendaItem.objects.filter(session=session).aggregate(n=Max("order"))["n"] or 0
        item = AgendaItem(
            session=session,
            order=last + 1,
            title=clean_line(title),
            description=clean_text(description or ""),
            link_type=link_type,
            link_id=link_id,
        )
        validate_model(item, validate_constraints=False)
        item.save()
        audit_record(
            actor=actor,
            action="create",
            obj=item,
            district=district,
            after=model_snapshot(item, ["title", "link_type", "link_id"]),
        )
    return item


def decision_record(
    *,
    actor,
    item: AgendaItem,
    outcome: str,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstain: int = 0,
    text: str = "",
) -> Decision:
    """Record (or correct) an agenda item's decision: counts non-negative, their total at most the
    session's attendance, the session held. The session row is locked so attendance cannot shrink
    under the check."""
    district = item.session.arena.district
    _manage(actor, district)
    counts = {"votes_for": votes_for, "votes_against": votes_against, "votes_abstain": votes_abstain}
    labels = {"votes_for": _("찬성"), "votes_against": _("반대"), "votes_abstain": _("기권")}
    for key, value in counts.items():
        if value is None or int(value) < 0:
            raise DomainError(
                _("%(what)s 수는 0 이상이어야 합니다.") % {"what": labels[key]}, code="negative_votes"
            )
    if outcome not in Decision.Outcome.values:
        raise DomainError(_("결과를 고르세요 (가결·부결·보류)."), code="invalid")
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=item.session_id)
        if session.status != Session.Status.HELD:
            raise DomainError(_("개최된 회의의 안건에만 결정을 기록할 수 있습니다."), code="not_held")
        total = sum(int(v) for v in counts.values())
        if total > session.attendance_count:
            raise DomainError(
                _("찬성·반대·기권의 합(%(total)s)이 출석 인원(%(n)s명)보다 많습니다.")
                % {"total": total, "n": session.attendance_count},
                code="votes_exceed_attendance",
            )
        existing = Decision.objects.filter(item=item).first()
        data = {**counts, "outcome": outcome, "text": clean_text(text or "")}
        if existing is not None:
            model_update(
                instance=existing,
                fields=list(data),
                data=data,
                actor=actor,
                action="vote",
                district=district,
            )
            return existing
        decision = Decision(item=item, **data)
        validate_model(decision, validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError as exc:
            raise DomainError(
                _("이미 결정이 기록되었습니다. 새로 고친 뒤 다시 확인하세요."), code="conflict"
            ) from exc
        audit_record(
            actor=actor,
            action="vote",
            obj=decision,
            district=district,
            after=model_snapshot(decision, list(data)),
        )
    return decision


# --- minutes ------------------------------------------------------------------------------------------


def minutes_save(*, actor, session: Session, text: str) -> Session:
    """Write the minutes (Markdown). Published minutes may be corrected; each change is audited."""
    _manage(actor, session.arena.district)
    model_update(
        instance=session,
        fields=["minutes"],
        data={"minutes": clean_text(text or "")},
        actor=actor,
        district=session.arena.district,
        clean=False,
    )
    return session


def minutes_publish(*, actor, session: Session) -> Session:
    _manage(actor, session.arena.district)
    if session.status != Session.Status.HELD:
        raise DomainError(_("개최된 회의의 회의록만 공개할 수 있습니다."), code="not_held")
    if not session.minutes.strip():
        raise DomainError(_("회의록이 비어 있습니다."), code="minutes_empty")
    return transition(
        session,
        source=Session.Minutes.DRAFT,
        target=Session.Minutes.PUBLISHED,
        field="minutes_status",
        values={"minutes_published_at": timezone.now()},
        actor=actor,
        action="publish",
        district=session.arena.district,
        message=_("회의록이 이미 공개되었습니다."),
    )


# --- follow-ups ---------------------------------------------------------------------------------------


def followup_add(
    *, actor, arena: Arena, title: str, department, due_on: datetime.date, item: AgendaItem | None = None
) -> FollowUp:
    _manage(actor, arena.district)
    ensure_in_district(arena.district, department)
    if item is not None and item.session.arena_id != arena.pk:
        raise DomainError(_("이 아레나의 안건이 아닙니다."), code="not_in_arena")
    with transaction.atomic():
        followup = FollowUp(
            district=arena.district,
            arena=arena,
            item=item,
            title=clean_line(title),
            department=department,
            due_on=due_on,
        )
        validate_model(followup, validate_unique=False, validate_constraints=False)
        followup.save()
        audit_record(
            actor=actor,
            action="create",
            obj=followup,
            district=arena.district,
            after=model_snapshot(followup, ["title", "department", "due_on", "item"]),
        )
    return followup


def followup_complete(*, actor, followup: FollowUp, note: str) -> FollowUp:
    """Done, with a note: by a member of the owner department or by staff."""
    require_perm(
        actor,
        "arenas.complete_followup",
        followup,
        _("담당 부서의 공무원이나 운영진만 완료 처리할 수 있습니다."),
    )
    note = clean_text(note or "")
    if not note:
        raise DomainError(_("무엇을 했는지 완료 메모를 적어 주세요."), code="note_required")
    return transition(
        followup,
        source=FollowUp.Status.OPEN,
        target=FollowUp.Status.DONE,
        values={
            "done_at": timezone.now(),
            "done_note": note[:2000],
            "done_by_id": actor.pk if getattr(actor, "is_authenticated", False) else None,
        },
        actor=actor,
        action="close",
        message=_("이미 완료 처리된 후속 조치입니다."),
    )
