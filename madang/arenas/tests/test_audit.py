"""Every arenas service writes its audit row in the transaction of its change (core.testing)."""

import datetime

from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.arenas import services
from madang.arenas.tests.factories import (
    AgendaItemFactory,
    ArenaFactory,
    FollowUpFactory,
    SeatFactory,
    SessionFactory,
    department,
    held_session,
)
from madang.core.testing import audit_cases_test

TODAY = timezone.localdate


def _op(d):
    return user_with_role(Role.OPERATOR, d)


def arena_create(d):
    op = _op(d)
    return lambda: services.arena_create(
        actor=op, district=d, data={"name": f"감사협치회의{op.pk}", "kind": "council"}
    )


def arena_update(d):
    op, arena = _op(d), ArenaFactory(district=d)
    return lambda: services.arena_update(actor=op, arena=arena, data={"description": "바뀐 소개"})


def seat_add(d):
    op, arena = _op(d), ArenaFactory(district=d)
    return lambda: services.seat_add(
        actor=op, arena=arena, seat_kind="public", role="cochair_public", name="박공공", term_start=TODAY()
    )


def seat_end(d):
    op, seat = _op(d), SeatFactory(arena=ArenaFactory(district=d))
    return lambda: services.seat_end(actor=op, seat=seat, term_end=TODAY())


def session_create(d):
    op, arena = _op(d), ArenaFactory(district=d)
    return lambda: services.session_create(
        actor=op, arena=arena, data={"starts_at": timezone.now(), "online_url": "https://meet.example.kr/a"}
    )


def session_update(d):
    op, session = _op(d), SessionFactory(arena=ArenaFactory(district=d))
    return lambda: services.session_update(actor=op, session=session, data={"place": "새 장소"})


def session_set_status(d):
    op, session = _op(d), SessionFactory(arena=ArenaFactory(district=d), status="scheduled")
    return lambda: services.session_set_status(actor=op, session=session, status="held")


def attendance_set(d):
    op, session = _op(d), SessionFactory(arena=ArenaFactory(district=d))
    seats = [SeatFactory(arena=session.arena) for _ in range(2)]
    return lambda: services.attendance_set(actor=op, session=session, seats=seats)


def agenda_item_add(d):
    op, session = _op(d), SessionFactory(arena=ArenaFactory(district=d))
    return lambda: services.agenda_item_add(actor=op, session=session, title="새 안건")


def decision_record(d):
    op = _op(d)
    item = AgendaItemFactory(session=held_session(ArenaFactory(district=d), attendees=3))
    return lambda: services.decision_record(actor=op, item=item, outcome="passed", votes_for=3)


def minutes_save(d):
    op, session = _op(d), SessionFactory(arena=ArenaFactory(district=d))
    return lambda: services.minutes_save(actor=op, session=session, text="## 회의록")


def minutes_publish(d):
    op, session = _op(d), SessionFactory(arena=ArenaFactory(district=d), minutes="## 회의록")
    return lambda: services.minutes_publish(actor=op, session=session)


def followup_add(d):
    op, arena, dept = _op(d), ArenaFactory(district=d), department(d)
    return lambda: services.followup_add(
        actor=op, arena=arena, title="보고", department=dept, due_on=TODAY() + datetime.timedelta(days=9)
    )


def followup_complete(d):
    op, followup = _op(d), FollowUpFactory(arena=ArenaFactory(district=d))
    return lambda: services.followup_complete(actor=op, followup=followup, note="완료했습니다.")


CASES = {
    "arena_create": (arena_create, "create", "arenas.arena"),
    "arena_update": (arena_update, "update", "arenas.arena"),
    "seat_add": (seat_add, "create", "arenas.seat"),
    "seat_end": (seat_end, "close", "arenas.seat"),
    "session_create": (session_create, "create", "arenas.session"),
    "session_update": (session_update, "update", "arenas.session"),
    "session_set_status": (session_set_status, "close", "arenas.session"),
    "attendance_set": (attendance_set, "update", "arenas.session"),
    "agenda_item_add": (agenda_item_add, "create", "arenas.agendaitem"),
    "decision_record": (decision_record, "vote", "arenas.decision"),
    "minutes_save": (minutes_save, "update", "arenas.session"),
    "minutes_publish": (minutes_publish, "publish", "arenas.session"),
    "followup_add": (followup_add, "create", "arenas.followup"),
    "followup_complete": (followup_complete, "close", "arenas.followup"),
}

test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
