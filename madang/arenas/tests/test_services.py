import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.arenas import services
from madang.arenas.models import ERASED_NAME, Decision, FollowUp, Seat, Session
from madang.arenas.tests.factories import (
    AgendaItemFactory,
    ArenaFactory,
    FollowUpFactory,
    SeatFactory,
    SessionFactory,
    department,
    held_session,
)
from madang.core.models import AuditEntry, Notification
from madang.core.services import DomainError
from madang.districts.tests.factories import DongFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def op(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


@pytest.fixture
def arena(gangbuk):
    return ArenaFactory(district=gangbuk, seat_cap=5)


def add(op, arena, **kwargs):
    data = {"seat_kind": "civil", "role": "member", "term_start": TODAY() - 10 * DAY, **kwargs}
    if "user" not in data and "name" not in data:
        data["name"] = f"위원{Seat.objects.count()}"
    return services.seat_add(actor=op, arena=arena, **data)


# --- arenas -------------------------------------------------------------------------------------------


def test_arena_create_cleans_text_and_audits(gangbuk, op):
    arena = services.arena_create(
        actor=op,
        district=gangbuk,
        data={"name": "강북구 협치회의\u200b", "kind": "council", "description": "소개\x07"},
    )
    assert arena.name == "강북구 협치회의" and arena.description == "소개"
    assert AuditEntry.objects.filter(object_type="arenas.arena", action="create").count() == 1


def test_dong_arena_needs_a_dong_of_the_district(gangbuk, mapo, op):
    with pytest.raises(DomainError) as error:
        services.arena_create(actor=op, district=gangbuk, data={"name": "동계획단", "kind": "dong"})
    assert error.value.code == "dong_required"
    with pytest.raises(DomainError) as error:
        services.arena_create(
            actor=op,
            district=gangbuk,
            data={"name": "동계획단", "kind": "dong", "dong": DongFactory(district=mapo)},
        )
    assert error.value.code == "out_of_district"
    arena = services.arena_create(
        actor=op,
        district=gangbuk,
        data={"name": "동계획단", "kind": "dong", "dong": DongFactory(district=gangbuk)},
    )
    assert arena.dong is not None


def test_duplicate_arena_name_is_refused(gangbuk, op):
    services.arena_create(actor=op, district=gangbuk, data={"name": "협치회의", "kind": "council"})
    with pytest.raises(DomainError) as error:
        services.arena_create(actor=op, district=gangbuk, data={"name": "협치회의", "kind": "standing"})
    assert error.value.code == "duplicate_arena"


def test_residents_cannot_manage(gangbuk):
    with pytest.raises(DomainError) as error:
        services.arena_create(
            actor=user_with_role(Role.RESIDENT, gangbuk),
            district=gangbuk,
            data={"name": "x", "kind": "council"},
        )
    assert error.value.code == "forbidden"


# --- seats --------------------------------------------------------------------------------------------


def test_a_third_cochair_is_refused(op, arena):
    add(op, arena, role="cochair_civil", seat_kind="civil")
    add(op, arena, role="cochair_public", seat_kind="public")
    with pytest.raises(DomainError) as error:
        add(op, arena, role="cochair_civil", seat_kind="civil", term_start=TODAY() + 30 * DAY)
    assert error.value.code == "cochair_taken"
    assert "한 명뿐" in error.value.message


def test_cochair_role_must_match_seat_kind(op, arena):
    with pytest.raises(DomainError) as error:
        add(op, arena, role="cochair_public", seat_kind="civil")
    assert error.value.code == "cochair_kind"


def test_a_new_cochair_after_the_previous_term_ends(op, arena):
    first = add(op, arena, role="cochair_civil", term_start=TODAY() - 100 * DAY)
    services.seat_end(actor=op, seat=first, term_end=TODAY())
    second = add(op, arena, role="cochair_civil", term_start=TODAY() + DAY)
    assert second.role == "cochair_civil"


def test_the_database_holds_one_open_cochair_per_kind(arena):
    from django.db import IntegrityError, transaction

    SeatFactory(arena=arena, role="cochair_civil")
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatFactory(arena=arena, role="cochair_civil")


def test_overlapping_terms_for_one_person_are_refused(op, arena):
    user = UserFactory()
    add(op, arena, user=user, term_start=TODAY() - 100 * DAY, term_end=TODAY() + 100 * DAY)
    with pytest.raises(DomainError) as error:
        add(op, arena, user=user, term_start=TODAY())
    assert error.value.code == "term_overlap"
    # a later, separate term is fine
    add(op, arena, user=user, term_start=TODAY() + 101 * DAY)
    # and for someone without an account, the same name counts as the same person
    add(op, arena, name="홍길동")
    with pytest.raises(DomainError):
        add(op, arena, name="홍길동", term_start=TODAY() + 5 * DAY)


def test_seat_cap_counts_seats_held_at_once(op, arena):
    for _ in range(4):
        add(op, arena)
    leaving = add(op, arena)
    with pytest.raises(DomainError) as error:
        add(op, arena)
    assert error.value.code == "seat_cap" and "5명" in error.value.message
    services.seat_end(actor=op, seat=leaving, term_end=TODAY())
    add(op, arena, term_start=TODAY() + DAY)  # takes the freed seat
    assert Seat.objects.filter(arena=arena).count() == 6


def test_term_must_end_after_it_starts(op, arena):
    with pytest.raises(DomainError) as error:
        add(op, arena, term_start=TODAY(), term_end=TODAY() - DAY)
    assert error.value.code == "term_order"


def test_seat_name_defaults_to_the_account(op, arena):
    user = UserFactory(display_name="김협치")
    assert add(op, arena, user=user).name == "김협치"


# --- sessions -----------------------------------------------------------------------------------------


def test_session_numbers_follow_and_followers_are_told(gangbuk, op, arena):
    from madang.core.follows import follow

    fan = UserFactory()
    follow(actor=fan, obj=arena, district=gangbuk)
    when = timezone.now() + 10 * DAY
    first = services.session_create(actor=op, arena=arena, data={"starts_at": when, "place": "구청"})
    second = services.session_create(actor=op, arena=arena, data={"starts_at": when + DAY, "place": "구청"})
    assert (first.number, second.number) == (1, 2)
    notes = Notification.objects.filter(user=fan)
    assert notes.count() == 2 and "제1차 회의" in notes.order_by("pk").first().message
    assert not Notification.objects.filter(user=op).exists()


def test_a_javascript_online_link_is_refused(op, arena):
    with pytest.raises(DomainError) as error:
        services.session_create(
            actor=op, arena=arena, data={"starts_at": timezone.now(), "online_url": "javascript:alert(1)"}
        )
    assert error.value.code == "invalid"
    assert not Session.objects.exists()


def test_duplicate_session_number(op, arena):
    services.session_create(
        actor=op, arena=arena, data={"starts_at": timezone.now(), "number": 3, "place": "a"}
    )
    with pytest.raises(DomainError) as error:
        services.session_create(
            actor=op, arena=arena, data={"starts_at": timezone.now(), "number": 3, "place": "b"}
        )
    assert error.value.code == "duplicate_session"


def test_status_moves_and_races_lose_cleanly(op, arena):
    session = SessionFactory(arena=arena, status="scheduled")
    stale = Session.objects.get(pk=session.pk)
    services.session_set_status(actor=op, session=session, status="held")
    with pytest.raises(DomainError) as error:
        services.session_set_status(actor=op, session=stale, status="cancelled")
    assert error.value.code == "conflict"
    assert Session.objects.get(pk=session.pk).status == "held"


def test_attendance_is_of_members_in_term_and_counted(op, arena):
    session = SessionFactory(arena=arena, starts_at=timezone.now() - DAY)
    present = [SeatFactory(arena=arena) for _ in range(3)]
    services.attendance_set(actor=op, session=session, seats=present)
    assert Session.objects.get(pk=session.pk).attendance_count == 3
    services.attendance_set(actor=op, session=session, seats=present[:2])
    assert Session.objects.get(pk=session.pk).attendance_count == 2
    future = SeatFactory(arena=arena, term_start=TODAY() + DAY)
    with pytest.raises(DomainError) as error:
        services.attendance_set(actor=op, session=session, seats=[future])
    assert error.value.code == "not_in_term"
    with pytest.raises(DomainError) as error:
        services.attendance_set(actor=op, session=session, seats=[SeatFactory()])
    assert error.value.code == "not_member"


# --- decisions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "code"),
    [
        ({"votes_for": -1}, "negative_votes"),
        ({"votes_for": 3, "votes_against": 2, "votes_abstain": 1}, "votes_exceed_attendance"),
    ],
)
def test_bad_vote_counts_are_refused_in_korean(op, arena, counts, code):
    item = AgendaItemFactory(session=held_session(arena, attendees=5))
    with pytest.raises(DomainError) as error:
        services.decision_record(actor=op, item=item, outcome="passed", **counts)
    assert error.value.code == code
    assert not Decision.objects.exists()


def test_decision_is_recorded_then_corrected(op, arena):
    item = AgendaItemFactory(session=held_session(arena, attendees=5))
    services.decision_record(actor=op, item=item, outcome="passed", votes_for=4, votes_against=1, text="가결")
    services.decision_record(actor=op, item=item, outcome="deferred", votes_for=2, votes_abstain=3)
    decision = Decision.objects.get(item=item)
    assert (decision.outcome, decision.votes_total) == ("deferred", 5)
    assert AuditEntry.objects.filter(object_type="arenas.decision", action="vote").count() == 2


def test_decisions_only_for_held_sessions_and_attendance_cannot_drop_below_votes(op, arena):
    scheduled = AgendaItemFactory(session=SessionFactory(arena=arena, status="scheduled"))
    with pytest.raises(DomainError) as error:
        services.decision_record(actor=op, item=scheduled, outcome="passed")
    assert error.value.code == "not_held"
    session = held_session(arena, attendees=4)
    item = AgendaItemFactory(session=session)
    services.decision_record(actor=op, item=item, outcome="passed", votes_for=4)
    with pytest.raises(DomainError) as error:
        services.attendance_set(actor=op, session=session, seats=list(session.attendees.all())[:3])
    assert error.value.code == "below_votes"


# --- minutes ------------------------------------------------------------------------------------------


def test_minutes_are_draft_until_published_once(op, arena):
    session = SessionFactory(arena=arena)
    with pytest.raises(DomainError) as error:
        services.minutes_publish(actor=op, session=session)
    assert error.value.code == "minutes_empty"
    services.minutes_save(actor=op, session=session, text="## 회의록\n\n- 안건 1 가결")
    assert Session.objects.get(pk=session.pk).minutes_status == "draft"
    services.minutes_publish(actor=op, session=session)
    saved = Session.objects.get(pk=session.pk)
    assert saved.minutes_published and saved.minutes_published_at is not None
    with pytest.raises(DomainError) as error:
        services.minutes_publish(actor=op, session=session)
    assert error.value.code == "conflict"
    assert AuditEntry.objects.filter(object_type="arenas.session", action="publish").count() == 1


# --- follow-ups ---------------------------------------------------------------------------------------


def test_followup_department_must_be_of_the_district(gangbuk, mapo, op, arena):
    with pytest.raises(DomainError) as error:
        services.followup_add(
            actor=op, arena=arena, title="보고", department=department(mapo), due_on=TODAY() + 30 * DAY
        )
    assert error.value.code == "out_of_district"


def test_followup_is_closed_by_its_department_with_a_note(gangbuk, op, arena):
    from madang.districts.tests.factories import department_member

    own = department(gangbuk, "도시재생과")
    followup = services.followup_add(
        actor=op, arena=arena, title="보고", department=own, due_on=TODAY() + DAY
    )
    other_official = department_member(department(gangbuk, "환경과"))
    with pytest.raises(DomainError) as error:
        services.followup_complete(actor=other_official, followup=followup, note="했습니다")
    assert error.value.code == "forbidden"
    member = department_member(own)
    with pytest.raises(DomainError) as error:
        services.followup_complete(actor=member, followup=followup, note="  ")
    assert error.value.code == "note_required"
    services.followup_complete(actor=member, followup=followup, note="조례 개정안을 제출했습니다.")
    followup.refresh_from_db()
    assert followup.status == "done" and followup.done_by == member and followup.on_time
    with pytest.raises(DomainError) as error:
        services.followup_complete(actor=op, followup=followup, note="다시")
    assert error.value.code == "conflict"


def test_overdue_is_computed(arena):
    late = FollowUpFactory(arena=arena, due_on=TODAY() - DAY)
    due = FollowUpFactory(arena=arena, due_on=TODAY())
    assert late.overdue and late.shown_status == "지연"
    assert not due.overdue and due.shown_status == "진행중"
    assert list(FollowUp.objects.overdue()) == [late]


# --- personal data ------------------------------------------------------------------------------------


def test_erase_keeps_the_record_but_not_the_name(arena):
    from madang.core import registry

    user = UserFactory(display_name="이탈퇴")
    seat = SeatFactory(arena=arena, user=user, name="이탈퇴", affiliation="어느 단체")
    session = held_session(arena, attendees=0)
    session.attendees.add(seat)
    exported = registry.personal_data_export(user)["arena_seats"]
    assert exported["seats"][0]["name"] == "이탈퇴" and len(exported["attendance"]) == 1
    registry.personal_data_erase(user)
    seat.refresh_from_db()
    assert (seat.name, seat.user, seat.affiliation) == (ERASED_NAME, None, "")
    assert session.attendees.filter(pk=seat.pk).exists()


# --- concurrency (PostgreSQL) -------------------------------------------------------------------------


def _race(fn, actors):
    barrier = threading.Barrier(len(actors))
    outcomes = []

    def run(actor):
        try:
            barrier.wait()
            fn(actor)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_cochairs_make_one(gangbuk):
    arena = ArenaFactory(district=gangbuk)
    operators = [user_with_role(Role.OPERATOR, gangbuk) for _ in range(5)]
    start = TODAY() - 10 * DAY

    def make(op):
        services.seat_add(
            actor=op,
            arena=arena,
            seat_kind="civil",
            role="cochair_civil",
            name=f"의장{op.pk}",
            term_start=start,
            term_end=start + 700 * DAY,
        )

    outcomes = _race(make, operators)
    assert outcomes.count("ok") == 1 and set(outcomes) - {"ok"} == {"cochair_taken"}
    assert Seat.objects.filter(arena=arena, role="cochair_civil").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_seats_never_pass_the_cap(gangbuk):
    arena = ArenaFactory(district=gangbuk, seat_cap=3)
    operators = [user_with_role(Role.OPERATOR, gangbuk) for _ in range(8)]

    def make(op):
        services.seat_add(actor=op, arena=arena, seat_kind="civil", name=f"위원{op.pk}", term_start=TODAY())

    outcomes = _race(make, operators)
    assert outcomes.count("ok") == 3 and outcomes.count("seat_cap") == 5
    assert Seat.objects.filter(arena=arena).count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_followup_completion_closes_once(gangbuk):
    followup = FollowUpFactory(arena=ArenaFactory(district=gangbuk))
    operators = [user_with_role(Role.OPERATOR, gangbuk) for _ in range(5)]

    def close(op):
        services.followup_complete(actor=op, followup=FollowUp.objects.get(pk=followup.pk), note="완료")

    assert _race(close, operators) == ["conflict"] * 4 + ["ok"]
    assert AuditEntry.objects.filter(object_type="arenas.followup", action="close").count() == 1
