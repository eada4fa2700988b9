"""Demo arenas: 마포구 협치회의 (35 seats, two co-chairs) with a year of sessions, agenda, attendance,
decisions, minutes and follow-ups (some done, one overdue); 강북구 민관협력 상설협의회 and a 동계획단.

Idempotent: keyed on the arena's name in the district (an existing arena is left as it is).
Deterministic: choices come from `random.Random(district.pk)`; dates are relative to today.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from madang.accounts.models import User
from madang.core.services import SYSTEM
from madang.districts.models import Department, Dong
from madang.districts.services import department_member_ensure

from .models import AgendaItem, Arena, Attendance, Decision, FollowUp, Seat, Session

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = [
    "민준",
    "서연",
    "도윤",
    "지우",
    "하준",
    "서윤",
    "예준",
    "지민",
    "주원",
    "수아",
    "지호",
    "채원",
    "은우",
    "하은",
]
CIVIL_ORGS = [
    "성미산마을공동체",
    "마포희망나눔",
    "망원시장상인회",
    "마포여성동행센터",
    "마포공동체경제네트워크",
    "마포시민연대",
    "청년문화공간",
    "마포장애인자립생활센터",
]
DEPARTMENTS = ["자치행정과", "기획예산과", "도시재생과", "복지정책과", "환경과"]

AGENDA = [
    ("마을 공유공간 운영 규칙 개정", "공유공간 이용 시간과 관리 주체를 정합니다."),
    ("시민참여예산 의제 선정", "올해 시민참여예산 분과 심의에 올릴 의제를 정합니다."),
    ("기후위기 대응 실천 계획", "자치구 탄소중립 실천 과제를 민관이 함께 정합니다."),
    ("청년 주거 지원 협력 방안", "청년 주거 실태조사 결과를 공유하고 협력 과제를 정합니다."),
    ("돌봄 공백 해소를 위한 민관 협력", "동별 돌봄 자원 현황과 연계 방안을 논의합니다."),
    ("협치 의제 공모 결과 보고", "주민 공모로 들어온 협치 의제를 검토합니다."),
]

MINUTES = """## 개회

공동의장이 개회를 선언하고 성원을 확인했습니다.

## 안건 논의

{items}

## 폐회

다음 회의 일정은 추후 공지합니다.
"""

SPECS = {
    "mapo": [
        {
            "name": "마포구 협치회의",
            "kind": Arena.Kind.COUNCIL,
            "cap": 35,
            "civil": 22,
            "public": 13,
            "sessions": 6,
            "description": (
                "민간 위원과 공공 위원이 함께 마포구의 협치 의제를 정하고 실행을 점검하는 상설 협의체입니다."
            ),
        },
    ],
    "gangbuk": [
        {
            "name": "강북구 민관협력 상설협의회",
            "kind": Arena.Kind.STANDING,
            "cap": 20,
            "civil": 12,
            "public": 8,
            "sessions": 4,
            "description": "강북구 지역사회혁신계획의 실행을 민관이 함께 점검하는 상설협의회입니다.",
        },
        {
            "name": "{dong} 동계획단",
            "kind": Arena.Kind.DONG,
            "cap": 15,
            "civil": 12,
            "public": 3,
            "sessions": 3,
            "description": "주민이 동의 의제를 찾고 동 단위 계획을 세우는 동계획단입니다.",
        },
    ],
}


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def arenas_demo_load(*, district) -> dict | None:
    specs = SPECS.get(district.slug)
    if not specs:
        return None
    rng = random.Random(district.pk)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    with transaction.atomic():
        departments = [Department.objects.get_or_create(district=district, name=n)[0] for n in DEPARTMENTS]
        # the demo 공무원 (자치행정과) can close that department's follow-ups
        official = User.objects.filter(email=f"official@{district.slug}.demo.madang.kr").first()
        if official is not None:
            department_member_ensure(district=district, name=DEPARTMENTS[0], user=official, actor=SYSTEM)
        dong = Dong.objects.filter(district=district).order_by("code").first()
        for spec in specs:
            if spec["kind"] == Arena.Kind.DONG and dong is None:
                continue
            name = spec["name"].format(dong=dong.name if dong else "")
            if Arena.objects.filter(district=district, name=name).exists():
                continue
            _load_arena(rng, district, spec, name, dong, departments, today)
    return _totals(district)


def _load_arena(rng, district, spec, name, dong, departments, today) -> None:
    arena = Arena.objects.create(
        district=district,
        name=name,
        kind=spec["kind"],
        dong=dong if spec["kind"] == Arena.Kind.DONG else None,
        description=spec["description"],
        seat_cap=spec["cap"],
    )
    term_start = today.replace(month=1, day=1) - datetime.timedelta(days=365)
    term_end = term_start.replace(year=term_start.year + 2) - datetime.timedelta(days=1)
    official = User.objects.filter(email=f"official@{district.slug}.demo.madang.kr").first()
    activist = User.objects.filter(email=f"org-member@{district.slug}.demo.madang.kr").first()
    seats = []
    for i in range(spec["civil"]):
        role = Seat.Role.COCHAIR_CIVIL if i == 0 else Seat.Role.SECRETARY if i == 1 else Seat.Role.MEMBER
        user = activist if i == 2 else None
        seats.append(
            Seat(
                arena=arena,
                seat_kind=Seat.Kind.CIVIL,
                role=role,
                user=user,
                name=user.display_name if user else _name(rng),
                affiliation=rng.choice(CIVIL_ORGS),
                term_start=term_start,
                term_end=term_end,
            )
        )
    for i in range(spec["public"]):
        role = Seat.Role.COCHAIR_PUBLIC if i == 0 else Seat.Role.MEMBER
        user = official if i == 1 else None
        seats.append(
            Seat(
                arena=arena,
                seat_kind=Seat.Kind.PUBLIC,
                role=role,
                user=user,
                name=user.display_name if user else _name(rng),
                affiliation="부구청장" if i == 0 else departments[i % len(departments)].name,
                term_start=term_start,
                term_end=term_end,
            )
        )
    # two members of the previous term, ended before this one began
    previous = term_start.replace(year=term_start.year - 2)
    seats += [
        Seat(
            arena=arena,
            seat_kind=Seat.Kind.CIVIL,
            role=Seat.Role.MEMBER,
            name=_name(rng),
            affiliation=rng.choice(CIVIL_ORGS),
            term_start=previous,
            term_end=term_start - datetime.timedelta(days=1),
        )
        for _ in range(2)
    ]
    seats = Seat.objects.bulk_create(seats)
    current = [s for s in seats if s.is_active_on(today)]
    now = timezone.localtime()
    count = spec["sessions"]
    followup_plan = []
    for n in range(1, count + 1):
        months_ago = 2 * (count - n) - 1  # the last session is a month ahead
        day = today - datetime.timedelta(days=30 * months_ago)
        starts_at = now.replace(
            year=day.year, month=day.month, day=day.day, hour=15, minute=0, second=0, microsecond=0
        )
        held = months_ago > 0
        session = Session.objects.create(
            arena=arena,
            number=n,
            title=f"{starts_at.year}년 제{n}차 정기회의",
            starts_at=starts_at,
            place="구청 본관 3층 대회의실" if n % 2 else "",
            online_url="" if n % 2 else "https://meet.example.kr/madang-arena",
            status=Session.Status.HELD if held else Session.Status.SCHEDULED,
        )
        titles = rng.sample(AGENDA, 2)
        items = AgendaItem.objects.bulk_create(
            [
                AgendaItem(session=session, order=i + 1, title=t, description=d)
                for i, (t, d) in enumerate(titles)
            ]
        )
        if not held:
            continue
        present = rng.sample(current, max(len(current) * 3 // 4, 1))
        Attendance.objects.bulk_create([Attendance(session=session, seat=s) for s in present])
        session.attendance_count = len(present)
        for item in items:
            against = rng.randint(0, 3)
            abstain = rng.randint(0, 2)
            outcome = rng.choice([Decision.Outcome.PASSED] * 4 + [Decision.Outcome.DEFERRED])
            Decision.objects.create(
                item=item,
                outcome=outcome,
                votes_for=len(present) - against - abstain,
                votes_against=against,
                votes_abstain=abstain,
                text=f"{item.title} 안건을 {Decision.Outcome(outcome).label}했습니다.",
            )
            followup_plan.append((item, starts_at))
        latest = n == count - 1
        session.minutes = MINUTES.format(
            items="\n".join(f"- **{i.title}**: 위원 의견을 듣고 결정했습니다." for i in items)
        )
        if not latest:
            session.minutes_status = Session.Minutes.PUBLISHED
            session.minutes_published_at = starts_at + datetime.timedelta(days=7)
        session.save()
    # follow-ups: the older ones done (one late), the newest open, one overdue
    followups = []
    for i, (item, held_at) in enumerate(followup_plan[::2]):
        due = timezone.localdate(held_at) + datetime.timedelta(days=45)
        followup = FollowUp(
            district=district,
            arena=arena,
            item=item,
            title=f"{item.title} 후속 조치",
            department=departments[i % len(departments)],
            due_on=due,
        )
        if due < today - datetime.timedelta(days=20):
            followup.status = FollowUp.Status.DONE
            late = i == 1
            followup.done_at = timezone.make_aware(
                datetime.datetime.combine(due + datetime.timedelta(days=5 if late else -3), datetime.time(10))
            )
            followup.done_note = "관련 부서 협의를 마치고 결과를 위원회에 보고했습니다."
        followups.append(followup)
    overdue = [f for f in followups if f.status == FollowUp.Status.OPEN and f.due_on < today]
    if not overdue and followup_plan:
        item, held_at = followup_plan[-1]
        followups.append(
            FollowUp(
                district=district,
                arena=arena,
                item=item,
                title=f"{item.title} 실행 계획 제출",
                department=departments[0],
                due_on=today - datetime.timedelta(days=10),
            )
        )
    FollowUp.objects.bulk_create(followups)


def _totals(district) -> dict:
    return {
        "arenas": Arena.objects.filter(district=district).count(),
        "seats": Seat.objects.filter(arena__district=district).count(),
        "sessions": Session.objects.filter(arena__district=district).count(),
        "decisions": Decision.objects.filter(item__session__arena__district=district).count(),
        "followups": FollowUp.objects.filter(district=district).count(),
    }
