import datetime

import pytest
from django.utils import timezone

from madang.arenas import selectors
from madang.arenas.tests.factories import (
    AgendaItemFactory,
    ArenaFactory,
    FollowUpFactory,
    SeatFactory,
    SessionFactory,
    department,
    held_session,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_arena_list_counts_current_members_and_held_sessions(gangbuk, mapo):
    arena = ArenaFactory(district=gangbuk)
    SeatFactory(arena=arena)
    SeatFactory(arena=arena)
    old = timezone.localdate() - 500 * DAY
    SeatFactory(arena=arena, term_start=old, term_end=old + DAY)
    SessionFactory(arena=arena, status="held")
    SessionFactory(arena=arena, status="cancelled")
    ArenaFactory(district=mapo)
    [row] = selectors.arena_list(district=gangbuk)
    assert (row.member_count, row.sessions_held) == (2, 1)
    assert list(selectors.arena_list(district=gangbuk, kind="dong")) == []


def test_arena_page_splits_members_and_sessions(gangbuk):
    arena = ArenaFactory(district=gangbuk)
    chair = SeatFactory(arena=arena, role="cochair_civil", name="나의장")
    member = SeatFactory(arena=arena, name="가위원")
    old = timezone.localdate() - 500 * DAY
    past = SeatFactory(arena=arena, term_start=old, term_end=old + DAY)
    upcoming = SessionFactory(arena=arena, starts_at=timezone.now() + DAY, status="scheduled")
    held = SessionFactory(arena=arena, starts_at=timezone.now() - DAY)
    SessionFactory(arena=arena, starts_at=timezone.now() + 2 * DAY, status="cancelled")
    FollowUpFactory(arena=arena, due_on=timezone.localdate() - DAY)
    FollowUpFactory(arena=arena, status="done")
    page = selectors.arena_page(arena=arena)
    assert page.current == [chair, member]  # co-chairs first
    assert page.past == [past]
    assert page.upcoming == [upcoming] and list(page.held) == [held]
    assert (page.open_followups, page.overdue_followups) == (1, 1)


def test_session_page_quorum_from_members_in_term(gangbuk):
    arena = ArenaFactory(district=gangbuk)
    session = held_session(arena, attendees=3)
    for _ in range(4):
        SeatFactory(arena=arena)
    page = selectors.session_page(session=session)
    assert (page.members, page.quorum, page.quorum_met) == (7, 4, False)
    arena.quorum = 3
    assert selectors.session_page(session=session).quorum_met


def test_session_page_resolves_links_of_the_district_only(gangbuk, mapo):
    from madang.arenas.models import Arena
    from madang.core import registry

    # any registered link type will do: register one over arenas themselves for the test
    with registry.isolated():
        registry.register_link_type(
            "test.arena",
            label="시험",
            model=Arena,
            queryset=lambda d: Arena.objects.in_district(d),
            title=lambda a: a.name,
            url=lambda a: a.get_absolute_url(),
        )
        arena = ArenaFactory(district=gangbuk, name="연결 대상")
        foreign = ArenaFactory(district=mapo, name="남의 대상")
        session = SessionFactory(arena=ArenaFactory(district=gangbuk))
        ok = AgendaItemFactory(session=session, link_type="test.arena", link_id=arena.pk)
        bad = AgendaItemFactory(session=session, link_type="test.arena", link_id=foreign.pk)
        free = AgendaItemFactory(session=session)
        items = {i.pk: i for i in selectors.session_page(session=session).items}
        assert items[ok.pk].link == ("연결 대상", arena.get_absolute_url())
        assert items[bad.pk].link is None and items[free.pk].link is None
        choices = dict(selectors.link_choices_grouped(gangbuk))
        assert (f"test.arena:{arena.pk}", "연결 대상") in choices["시험"]
        assert all(label != "남의 대상" for _v, label in choices["시험"])


def test_tracker_orders_by_department_and_due(gangbuk):
    arena = ArenaFactory(district=gangbuk)
    b = FollowUpFactory(arena=arena, department=department(gangbuk, "나과"), due_on=timezone.localdate())
    a2 = FollowUpFactory(
        arena=arena, department=department(gangbuk, "가과"), due_on=timezone.localdate() + DAY
    )
    a1 = FollowUpFactory(
        arena=arena, department=department(gangbuk, "가과"), due_on=timezone.localdate() - DAY
    )
    assert list(selectors.followup_tracker(district=gangbuk)) == [a1, a2, b]
    assert list(selectors.followup_tracker(district=gangbuk, show="overdue")) == [a1]
    assert selectors.followup_summary(district=gangbuk) == {"open": 3, "overdue": 1, "done": 0}
