import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.arenas.models import Decision, FollowUp, Seat, Session
from madang.arenas.tests.factories import (
    AgendaItemFactory,
    ArenaFactory,
    DecisionFactory,
    FollowUpFactory,
    SeatFactory,
    SessionFactory,
    department,
    held_session,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def url(name, district="gangbuk", **kwargs):
    return reverse(f"arenas:{name}", kwargs={"district": district, **kwargs})


@pytest.fixture
def op(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


def big_arena(gangbuk, n):
    """An arena with n seats, n sessions (with agenda, decisions, attendance) and n follow-ups."""
    arena = ArenaFactory(district=gangbuk, seat_cap=500)
    seats = [SeatFactory(arena=arena, name=f"위원{i:03d}") for i in range(n)]
    for i in range(n):
        session = SessionFactory(arena=arena, number=i + 1, starts_at=timezone.now() - (i + 1) * DAY)
        session.attendees.set(seats)
        session.attendance_count = n
        session.save()
        for _ in range(3):
            item = AgendaItemFactory(session=session)
            DecisionFactory(item=item, votes_for=1)
            FollowUpFactory(arena=arena, item=item)
    return arena


@pytest.mark.parametrize("size", [2, 25])
def test_arena_pages_run_a_bounded_number_of_queries(client, gangbuk, size, django_assert_max_num_queries):
    arena = big_arena(gangbuk, size)
    session = arena.sessions.order_by("number").first()
    client.force_login(UserFactory())
    with django_assert_max_num_queries(14):
        assert client.get(url("arena_list")).status_code == 200
    with django_assert_max_num_queries(14):
        html = client.get(arena.get_absolute_url()).content.decode()
    assert "위원000" in html
    with django_assert_max_num_queries(16):
        html = client.get(session.get_absolute_url()).content.decode()
    assert "가결" in html and f"{size}명 출석" in html
    with django_assert_max_num_queries(14):
        assert client.get(url("followup_tracker")).status_code == 200


def test_arena_detail_shows_members_past_terms_sessions_and_followups(client, gangbuk):
    arena = ArenaFactory(district=gangbuk, name="강북구 협치회의")
    SeatFactory(arena=arena, name="김민간", role="cochair_civil")
    SeatFactory(arena=arena, name="박공공", role="cochair_public", seat_kind="public")
    old = timezone.localdate() - 800 * DAY
    SeatFactory(arena=arena, name="옛위원", term_start=old, term_end=old + 300 * DAY)
    SessionFactory(arena=arena, number=7, starts_at=timezone.now() + 3 * DAY, status="scheduled")
    SessionFactory(arena=arena, number=6, starts_at=timezone.now() - 3 * DAY)
    FollowUpFactory(arena=arena, title="늦은 보고", due_on=timezone.localdate() - 2 * DAY)
    html = client.get(arena.get_absolute_url()).content.decode()
    assert "김민간" in html and "공동의장 (민간)" in html and "박공공" in html
    assert "지난 임기 1건" in html and "옛위원" in html
    assert "제7차 회의" in html and "제6차 회의" in html
    assert "늦은 보고" in html and "지연" in html
    assert "2,0" not in html  # no localized thousands anywhere near the years


def test_session_page_minutes_draft_for_members_published_for_all(client, gangbuk, op):
    arena = ArenaFactory(district=gangbuk)
    session = SessionFactory(arena=arena, minutes="## 초안 회의록\n\n<script>alert(1)</script>")
    member = SeatFactory(arena=arena, user=UserFactory()).user
    assert "초안 회의록" not in client.get(session.get_absolute_url()).content.decode()
    client.force_login(member)
    html = client.get(session.get_absolute_url()).content.decode()
    assert "초안 회의록" in html and "<script>alert(1)</script>" not in html
    client.force_login(op)
    response = client.post(url("minutes_publish", pk=session.pk))
    assert response.status_code == 302
    client.logout()
    html = client.get(session.get_absolute_url()).content.decode()
    assert (
        "초안 회의록" in html
        and "<h2>" in html
        and "<script>" not in html.split("</header>")[-1].split("<footer")[0]
    )


def test_session_page_shows_linked_agenda_quorum_and_online_link(client, gangbuk):
    arena = ArenaFactory(district=gangbuk, quorum=3)
    session = held_session(arena, attendees=2, online_url="https://meet.example.kr/x")
    AgendaItemFactory(session=session, title="자유 안건")
    html = client.get(session.get_absolute_url()).content.decode()
    assert "자유 안건" in html and "정족수 미달" in html and "https://meet.example.kr/x" in html


def test_operator_forms_walk_a_session_through(client, gangbuk, op):
    client.force_login(op)
    response = client.post(
        url("arena_create"), {"name": "강북 협치회의", "kind": "council", "seat_cap": "35"}
    )
    assert response.status_code == 302
    arena = gangbuk.arenas.get(name="강북 협치회의")
    today = timezone.localdate()
    assert (
        client.post(
            url("seat_create", pk=arena.pk),
            {"seat_kind": "civil", "role": "cochair_civil", "name": "김의장", "term_start": today - 30 * DAY},
        ).status_code
        == 302
    )
    response = client.post(
        url("seat_create", pk=arena.pk),
        {"seat_kind": "civil", "role": "cochair_civil", "name": "이의장", "term_start": today - 30 * DAY},
    )
    assert response.status_code == 200 and "한 명뿐" in response.content.decode()
    when = timezone.localtime() - DAY
    response = client.post(
        url("session_create", pk=arena.pk),
        {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "online_url": "javascript:alert(1)"},
    )
    assert response.status_code == 200 and "http 또는 https" in response.content.decode()
    assert (
        client.post(
            url("session_create", pk=arena.pk),
            {"starts_at": when.strftime("%Y-%m-%dT%H:%M"), "place": "구청"},
        ).status_code
        == 302
    )
    session = arena.sessions.get()
    assert client.post(url("session_status", pk=session.pk), {"status": "held"}).status_code == 302
    seat = Seat.objects.get(arena=arena)
    assert client.post(url("attendance_edit", pk=session.pk), {"seats": [seat.pk]}).status_code == 302
    assert client.post(url("agenda_create", pk=session.pk), {"title": "첫 안건"}).status_code == 302
    item = session.agenda_items.get()
    response = client.post(
        url("decision_edit", pk=item.pk),
        {"outcome": "passed", "votes_for": "2", "votes_against": "0", "votes_abstain": "0"},
    )
    assert response.status_code == 200 and "출석 인원(1명)보다 많습니다" in response.content.decode()
    response = client.post(
        url("decision_edit", pk=item.pk),
        {"outcome": "passed", "votes_for": "-1", "votes_against": "0", "votes_abstain": "0"},
    )
    assert response.status_code == 200 and not Decision.objects.exists()
    assert (
        client.post(
            url("decision_edit", pk=item.pk),
            {"outcome": "passed", "votes_for": "1", "votes_against": "0", "votes_abstain": "0"},
        ).status_code
        == 302
    )
    dept = department(gangbuk)
    assert (
        client.post(
            url("followup_create", pk=item.pk),
            {"title": "조례 검토", "department": dept.pk, "due_on": today + 30 * DAY},
        ).status_code
        == 302
    )
    assert client.post(url("minutes_edit", pk=session.pk), {"minutes": "## 회의록"}).status_code == 302
    assert client.post(url("minutes_publish", pk=session.pk)).status_code == 302
    session.refresh_from_db()
    assert session.status == "held" and session.minutes_published and session.attendance_count == 1
    assert FollowUp.objects.get().title == "조례 검토"


def test_residents_cannot_reach_operator_forms(client, gangbuk):
    arena = ArenaFactory(district=gangbuk)
    session = SessionFactory(arena=arena)
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.get(url("arena_create")).status_code == 403
    assert client.get(url("session_create", pk=arena.pk)).status_code == 403
    assert client.post(url("minutes_publish", pk=session.pk)).status_code == 403
    client.logout()
    assert client.get(url("arena_create")).status_code == 302  # log in first


def test_tracker_lists_open_by_department_and_department_closes(client, gangbuk):
    from madang.districts.tests.factories import department_member

    arena = ArenaFactory(district=gangbuk)
    dept = department(gangbuk, "도시재생과")
    late = FollowUpFactory(
        arena=arena, department=dept, title="지연 과제", due_on=timezone.localdate() - 5 * DAY
    )
    FollowUpFactory(arena=arena, title="완료 과제", status="done", done_at=timezone.now(), done_note="끝")
    html = client.get(url("followup_tracker")).content.decode()
    assert "지연 과제" in html and "5일 지남" in html and "완료 과제" not in html
    assert "완료 과제" in client.get(url("followup_tracker") + "?show=done").content.decode()
    assert "지연 과제" in client.get(url("followup_tracker") + "?show=overdue").content.decode()
    assert client.get(url("followup_tracker") + "?show=zzz&page=abc").status_code == 200
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.get(url("followup_done", pk=late.pk)).status_code == 403
    member = department_member(dept)
    client.force_login(member)
    assert "완료 처리" in client.get(url("followup_tracker")).content.decode()
    response = client.post(url("followup_done", pk=late.pk), {"note": "보고서를 제출했습니다."})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == "done" and late.done_by == member


def test_follow_button_on_arena(client, gangbuk):
    arena = ArenaFactory(district=gangbuk)
    client.force_login(UserFactory())
    assert (
        "팔로우" in client.get(arena.get_absolute_url()).content.decode()
        or "구독" in client.get(arena.get_absolute_url()).content.decode()
    )


def test_unknown_ids_are_korean_404s(client, gangbuk):
    assert client.get(url("arena_detail", pk=999999)).status_code == 404
    assert client.get(url("session_detail", pk=999999)).status_code == 404
    assert Session.objects.count() == 0


def test_forms_offer_only_the_districts_choices(client, gangbuk, mapo, op):
    from madang.districts.tests.factories import DongFactory

    DongFactory(district=gangbuk, name="수유1동")
    DongFactory(district=mapo, name="망원1동")
    department(gangbuk, "강북자치행정과")
    department(mapo, "마포자치행정과")
    client.force_login(op)
    html = client.get(url("arena_create")).content.decode()
    assert "수유1동" in html and "망원1동" not in html
    item = AgendaItemFactory(session=SessionFactory(arena=ArenaFactory(district=gangbuk)))
    html = client.get(url("followup_create", pk=item.pk)).content.decode()
    assert "강북자치행정과" in html and "마포자치행정과" not in html
    foreign = department(mapo, "마포자치행정과")
    data = {"title": "보고", "department": foreign.pk, "due_on": "2030-01-01"}
    response = client.post(url("followup_create", pk=item.pk), data)
    assert response.status_code == 200 and not FollowUp.objects.exists()
