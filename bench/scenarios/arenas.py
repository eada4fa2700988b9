"""Arenas in the HTTP benchmark: a big 협치회의 (35 seats, years of sessions, each with agenda,
decisions, attendance and follow-ups) in the bench district; its detail page, a session page, the
district's follow-up tracker and the API's sessions list.

Interface: see BRIEF (bench/http.py calls `build(args, district=, operator=)` then `urls(ctx)`)."""

from __future__ import annotations

import datetime
import random

ARENA_NAME = "벤치 협치회의"


def build(args, *, district, operator) -> None:
    from django.db import transaction
    from django.utils import timezone

    from madang.arenas.models import AgendaItem, Arena, Attendance, Decision, FollowUp, Seat, Session
    from madang.districts.models import Department

    scale = float(getattr(args, "scale", 1.0) or 1.0)
    sessions_n = max(int(240 * scale), 4)  # twenty years of monthly sessions at full scale
    items_per = 4
    rng = random.Random(11)  # noqa: S311 - benchmark data
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        departments = [
            Department.objects.get_or_create(district=district, name=f"벤치부서{i}")[0] for i in range(12)
        ]
        arena = Arena.objects.create(district=district, name=ARENA_NAME, kind=Arena.Kind.COUNCIL, seat_cap=35)
        start = today - datetime.timedelta(days=365)
        seats = [
            Seat(
                arena=arena,
                seat_kind=Seat.Kind.CIVIL if i < 22 else Seat.Kind.PUBLIC,
                role=Seat.Role.COCHAIR_CIVIL
                if i == 0
                else Seat.Role.COCHAIR_PUBLIC
                if i == 22
                else Seat.Role.MEMBER,
                name=f"벤치위원{i:02d}",
                affiliation="벤치단체",
                term_start=start,
            )
            for i in range(35)
        ]
        # past terms: ten earlier cohorts
        seats += [
            Seat(
                arena=arena,
                seat_kind=Seat.Kind.CIVIL,
                name=f"전임위원{i:03d}",
                term_start=start - datetime.timedelta(days=730 * (1 + i // 35)),
                term_end=start - datetime.timedelta(days=1 + 730 * (i // 35)),
            )
            for i in range(int(350 * scale))
        ]
        seats = Seat.objects.bulk_create(seats, batch_size=2000)
        current = seats[:35]
        sessions = Session.objects.bulk_create(
            [
                Session(
                    arena=arena,
                    number=n + 1,
                    title=f"제{n + 1}차 정기회의",
                    starts_at=now - datetime.timedelta(days=30 * (sessions_n - n) - 45),
                    place="구청 대회의실",
                    status=Session.Status.HELD if n < sessions_n - 1 else Session.Status.SCHEDULED,
                    minutes="## 회의록\n\n- 안건을 논의하고 결정했습니다.",
                    minutes_status=Session.Minutes.PUBLISHED,
                    attendance_count=28,
                )
                for n in range(sessions_n)
            ],
            batch_size=2000,
        )
        Attendance.objects.bulk_create(
            [Attendance(session=s, seat=seat) for s in sessions for seat in rng.sample(current, 28)],
            batch_size=5000,
        )
        items = AgendaItem.objects.bulk_create(
            [
                AgendaItem(session=s, order=k + 1, title=f"안건 {s.number}-{k + 1}")
                for s in sessions
                for k in range(items_per)
            ],
            batch_size=5000,
        )
        Decision.objects.bulk_create(
            [
                Decision(
                    item=i, outcome=Decision.Outcome.PASSED, votes_for=25, votes_against=2, votes_abstain=1
                )
                for i in items
            ],
            batch_size=5000,
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    district=district,
                    arena=arena,
                    item=item,
                    title=f"후속 조치 {item.title}",
                    department=rng.choice(departments),
                    due_on=today + datetime.timedelta(days=rng.randint(-200, 200)),
                    status=FollowUp.Status.OPEN if rng.random() < 0.3 else FollowUp.Status.DONE,
                )
                for item in items[::2]
            ],
            batch_size=5000,
        )


def urls(ctx) -> list[dict]:
    from madang.arenas.models import Arena, Session

    arena = Arena.objects.get(district=ctx.district, name=ARENA_NAME)
    session = Session.objects.filter(arena=arena, status=Session.Status.HELD).order_by("-number").first()
    slug = ctx.district.slug
    cookie = ctx.login(ctx.operator)
    return [
        {
            "label": "arena detail",
            "path": f"/{slug}/arenas/{arena.pk}/",
            "kind": "html",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "arena detail (operator)",
            "path": f"/{slug}/arenas/{arena.pk}/",
            "kind": "html",
            "who": "operator",
            "cookie": cookie,
        },
        {
            "label": "arena session detail",
            "path": f"/{slug}/arenas/sessions/{session.pk}/",
            "kind": "html",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "arena follow-up tracker",
            "path": f"/{slug}/arenas/followups/",
            "kind": "html",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "api arena sessions",
            "path": f"/api/v1/{slug}/arenas/{arena.pk}/sessions/",
            "kind": "api",
            "who": "anonymous",
            "cookie": None,
        },
    ]
