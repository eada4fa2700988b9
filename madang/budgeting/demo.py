"""Demo participatory budgeting (data in `demo_data/demo.json`).

- 마포 `budget-2026`: the current cycle, in its 주민 투표 phase on the day the demo is loaded (phase days
  are relative to that day): four money pots, ~60 projects at every stage up to the ballot (투표 대상,
  적격, 부적격, 철회), the published criteria, committee scores, the 2018 weighting, and the demo 주민
  verified for it, so the voting page works.
- 강북 `budget-2025`: a closed cycle (fixed 2025 dates) whose projects are on the ballot; the ballots
  part's demo loader (a higher `order`) adds the ballots and publishes the results.

Idempotent: a cycle is keyed on its process (district, slug) and left as it is once it exists.
"""

from __future__ import annotations

import datetime
import json
import random
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from madang.core.models import AuditEntry
from madang.core.services import SYSTEM, audit_record
from madang.districts.models import Dong
from madang.processes.models import Phase, Process

from . import services
from .models import (
    ChannelWeight,
    CommitteeMember,
    Cycle,
    Heading,
    Project,
    ReviewCriterion,
    ReviewScore,
    Screening,
)

DATA = Path(__file__).resolve().parent / "demo_data" / "demo.json"
S = Project.Status


@cache
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _demo_user(district, role: str):
    email = f"{role.replace('_', '-')}@{district.slug}.demo.madang.kr"
    return get_user_model().objects.filter(email=email).first()


# status of the i-th project in a cycle at the ballot: half on it, the rest screened out or waiting
MAPO_STATUSES = [S.SHORTLISTED] * 5 + [S.ELIGIBLE] * 2 + [S.INELIGIBLE] * 2 + [S.WITHDRAWN]
GANGBUK_STATUSES = [S.SHORTLISTED] * 5 + [S.INELIGIBLE]


def _phases(spec, today) -> list[tuple[str, list, datetime.datetime, datetime.datetime]]:
    if "phase_days" in spec:
        return [
            (
                name,
                list(features),
                _midnight(today + datetime.timedelta(days=a)),
                _midnight(today + datetime.timedelta(days=b)),
            )
            for (name, features, _d), (a, b) in zip(services.PHASES, spec["phase_days"], strict=True)
        ]
    return services.phase_schedule(
        datetime.date.fromisoformat(spec["starts_on"]), datetime.date.fromisoformat(spec["ends_on"])
    )


def _verify_demo_resident(cycle: Cycle, dong: Dong | None) -> None:
    from madang.residents.selectors import verification_get
    from madang.residents.services import verification_in_person

    resident = _demo_user(cycle.district, "resident")
    if resident is None or dong is None or verification_get(user=resident, process=cycle.process) is not None:
        return
    verification_in_person(
        actor=SYSTEM,
        process=cycle.process,
        user=resident,
        name=resident.display_name,
        birth_date=datetime.date(1985, 5, 5),
        dong=dong,
        note="데모: 신분증 확인",
    )


INELIGIBLE_REASONS = (
    "구 소유 부지가 아니어서 사업을 할 수 없습니다.",
    "이미 같은 내용의 구 사업이 예산에 반영되어 있습니다.",
    "국비·시비 지원 사업과 겹칩니다.",
)


def _screen(district, projects, *, official) -> None:
    """Screening rows for the projects past 접수, by the demo official's department (or 예산과)."""
    from madang.districts.models import Department

    department = Department.objects.in_district(district).filter(memberships__user=official).first()
    department = department or Department.objects.get_or_create(district=district, name="예산과")[0]
    Screening.objects.bulk_create(
        Screening(
            project=p,
            department=department,
            decision=Screening.Decision.INELIGIBLE
            if p.status == S.INELIGIBLE
            else Screening.Decision.ELIGIBLE,
            reasons=INELIGIBLE_REASONS[i % len(INELIGIBLE_REASONS)] if p.status == S.INELIGIBLE else "",
            revised_cost=p.revised_cost,
            by=official,
        )
        for i, p in enumerate(projects)
        if p.status in (S.ELIGIBLE, S.INELIGIBLE, S.SHORTLISTED)
    )


def load_cycle(district, *, today: datetime.date | None = None) -> dict | None:
    """Create the district's demo cycle if it has a spec and it is missing; counts of what exists."""
    data = _data()
    spec = data.get(district.slug)
    if spec is None:
        return None
    today = today or timezone.localdate()
    existing = Cycle.objects.filter(district=district, process__slug=spec["slug"]).first()
    if existing is not None:
        return {"cycle": existing, "created": False, "projects": existing.projects.count()}
    phases = _phases(spec, today)
    rng = random.Random(f"{district.slug}-{spec['slug']}")  # noqa: S311 - demo data, not secrets
    with transaction.atomic():
        process = Process.objects.create(
            district=district,
            kind=Process.Kind.BUDGETING,
            title=spec["title"],
            slug=spec["slug"],
            description=spec["description"],
            starts_on=timezone.localtime(phases[0][2]).date(),
            ends_on=timezone.localtime(phases[-1][3] - datetime.timedelta(seconds=1)).date(),
            is_published=True,
        )
        Phase.objects.bulk_create(
            Phase(process=process, name=name, features=features, starts_at=a, ends_at=b, order=i)
            for i, (name, features, a, b) in enumerate(phases)
        )
        cycle = Cycle.objects.create(
            district=district,
            process=process,
            year=spec["year"],
            ballot_kind=spec["ballot_kind"],
            approval_max_picks=spec.get("approval_max_picks", 5),
            knapsack_min_share=spec.get("knapsack_min_share", 0),
            registry_required=True,
        )
        audit_record(actor=SYSTEM, action=AuditEntry.Action.CREATE, obj=cycle, note="demo")
        criteria = ReviewCriterion.objects.bulk_create(
            ReviewCriterion(cycle=cycle, name=name, weight=weight, order=i)
            for i, (name, weight) in enumerate(ReviewCriterion.DEFAULTS)
        )
        ChannelWeight.objects.bulk_create(
            ChannelWeight(cycle=cycle, channel=c, weight=w)
            for c, w in ChannelWeight.PRESETS[spec["weights"]].items()
        )
        dongs = {d.name: d for d in Dong.objects.in_district(district)}
        headings = [
            Heading.objects.create(
                cycle=cycle,
                name=h["name"],
                kind=h["kind"],
                dong=dongs.get(h.get("dong", "")),
                amount=h["amount"],
                population=h.get("population"),
                order=i,
            )
            for i, h in enumerate(spec["headings"])
        ]
        all_dongs = sorted(dongs.values(), key=lambda d: d.name)
        resident = _demo_user(district, "resident")
        statuses = MAPO_STATUSES if district.slug == "mapo" else GANGBUK_STATUSES
        proposal_start, proposal_end = phases[0][2], phases[0][3]
        ideas = data["ideas"]
        projects = []
        for i in range(spec["projects"]):
            heading = headings[0] if i % 2 == 0 else headings[1 + (i // 2) % (len(headings) - 1)]
            idea = ideas[(i * 7) % len(ideas)]
            dong = heading.dong or (all_dongs[i % len(all_dongs)] if all_dongs else None)
            where = dong.name if dong else district.short_name
            status = statuses[i % len(statuses)]
            revised = idea["cost"] * 9 // 10 if status in (S.SHORTLISTED, S.ELIGIBLE) and i % 3 == 0 else None
            project = Project.objects.create(
                cycle=cycle,
                heading=heading,
                title=f"{where} {idea['title']}",
                description=idea["description"],
                dong=dong,
                location=f"{where} {idea['location']}",
                cost=idea["cost"] + (i % 5) * 1_000_000,
                revised_cost=revised,
                status=status,
                author=resident if (resident and i % 4 == 0) else None,
                on_behalf_name="" if (resident and i % 4 == 0) else f"{where} 주민 {i + 1}",
                entered_by=resident if (resident and i % 4 == 0) else None,
            )
            created = proposal_start + (proposal_end - proposal_start) * (i + 0.5) / spec["projects"]
            Project.objects.filter(pk=project.pk).update(created_at=created)
            projects.append(project)
        _screen(district, projects, official=_demo_user(district, "official"))
        members = [u for u in (_demo_user(district, r) for r in ("resident", "org_member", "official")) if u]
        CommitteeMember.objects.bulk_create(
            CommitteeMember(cycle=cycle, user=u, source="appointed") for u in members
        )
        scored = [p for p in projects if p.status in (S.SHORTLISTED, S.ELIGIBLE)]
        ReviewScore.objects.bulk_create(
            ReviewScore(project=p, criterion=c, reviewer=u, score=min(5, max(1, round(rng.gauss(3.6, 0.9)))))
            for p in scored
            for u in members
            for c in criteria
        )
        for project in scored:
            project.review_total = services.review_total(project)
            project.review_count = len(members)
        Project.objects.bulk_update(scored, ["review_total", "review_count"])
        for project in projects:
            services.project_index(project)
        _verify_demo_resident(cycle, headings[1].dong or (all_dongs[0] if all_dongs else None))
    return {"cycle": cycle, "created": True, "projects": len(projects)}


def budgeting_demo_load(*, districts) -> list[str]:
    lines = []
    for district in districts:
        result = load_cycle(district)
        if result is None:
            continue
        cycle = result["cycle"]
        state = "새로 만듦" if result["created"] else "이미 있음"
        count = result["projects"]
        lines.append(
            f"{district.name} 주민참여예산 데모: {cycle.title} ({cycle.slug}), 사업 {count}건 — {state}"
        )
    return lines
