"""Demo 시민제안 for 강북구 and 마포구 (data in `demo_data/proposals.json`): an always-open 시민제안 process
with a platform's tier preset, proposals at every stage with supports, department answers (one overdue),
stage changes with reasons, one expired and one waiting for review.

Everything goes through the services (so counts, crossings, answers and the timeline are real).
Idempotent: a proposal is keyed on its title in the district and is left alone once it exists."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from madang.accounts.models import Role, RoleAssignment, User
from madang.core.services import SYSTEM
from madang.processes.models import Phase, Process

from . import services
from .models import Assignment, Proposal, Stage

DATA = Path(__file__).resolve().parent / "demo_data" / "proposals.json"
PROCESS_SLUG = "always-open-proposals"
SUPPORTERS = 25


def _spec() -> dict:
    return {k: v for k, v in json.loads(DATA.read_text(encoding="utf-8")).items() if not k.startswith("_")}


def _user(email: str, name: str, district, *, role=Role.RESIDENT, old: bool = True) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, display_name=name, privacy_consent_at=timezone.now())
        user.set_unusable_password()
        if old:
            user.date_joined = timezone.now() - datetime.timedelta(days=120)
        user.save()
    RoleAssignment.objects.get_or_create(user=user, district=district, role=role)
    return user


def _staff(district, role):
    assignment = (
        RoleAssignment.objects.filter(district=district, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _process(district) -> Process:
    now = timezone.now()
    process, created = Process.objects.get_or_create(
        district=district,
        slug=PROCESS_SLUG,
        defaults={
            "kind": Process.Kind.PROPOSALS,
            "title": "상시 시민제안",
            "description": "언제든 제안하고 공감할 수 있습니다. 공감 기준에 도달하면 담당 부서가 답변합니다.",
            "starts_on": timezone.localdate() - datetime.timedelta(days=60),
            "ends_on": timezone.localdate() + datetime.timedelta(days=365),
            "is_published": True,
        },
    )
    if created:
        Phase.objects.create(
            process=process,
            name="제안·공감",
            features=["propose", "support"],
            starts_at=now - datetime.timedelta(days=60),
            ends_at=now + datetime.timedelta(days=365),
        )
    return process


def _department(district, name, official):
    from madang.districts.services import department_member_ensure

    with transaction.atomic():
        member = department_member_ensure(actor=SYSTEM, district=district, name=name, user=official)
    return member.department


def load_district(district, spec) -> int:
    operator = _staff(district, Role.OPERATOR) or _user(
        f"proposals-operator@{district.slug}.demo.madang.kr",
        f"{district.short_name} 운영진",
        district,
        role=Role.OPERATOR,
    )
    official = _staff(district, Role.OFFICIAL) or _user(
        f"proposals-official@{district.slug}.demo.madang.kr",
        f"{district.short_name} 공무원",
        district,
        role=Role.OFFICIAL,
    )
    process = _process(district)
    if not process.tiers.exists():
        services.tiers_apply_preset(actor=operator, district=district, process=process, preset=spec["preset"])
    department = _department(district, spec["department"], official)
    supporters = [
        _user(f"supporter{i}@{district.slug}.demo.madang.kr", f"{district.short_name} 주민{i}", district)
        for i in range(1, SUPPORTERS + 1)
    ]
    created = 0
    for n, item in enumerate(spec["proposals"]):
        if Proposal.objects.filter(district=district, title=item["title"]).exists():
            continue
        created += 1
        _load_one(district, process, item, n, supporters, operator, official, department)
    return created


def _load_one(district, process, item, n, supporters, operator, official, department) -> None:
    if item["stage"] == Stage.PROPOSED:
        newcomer = _user(
            f"newcomer@{district.slug}.demo.madang.kr", f"{district.short_name} 새내기", district, old=False
        )
        services.proposal_create(
            actor=newcomer, district=district, process=process, title=item["title"], body=item["body"]
        )
        return
    author = supporters[n % len(supporters)]
    proposal = services.proposal_create(
        actor=author, district=district, process=process, title=item["title"], body=item["body"]
    )
    for user in supporters[: item["supporters"]]:
        services.support_add(actor=user, district=district, proposal=proposal)
    if item["stage"] == Stage.EXPIRED:
        past = timezone.now() - datetime.timedelta(days=90)
        Proposal.objects.filter(pk=proposal.pk).update(
            published_at=past, expires_at=past + datetime.timedelta(days=15), support_ends_at=past
        )
        proposal.refresh_from_db()
        services.expire_if_due(proposal)
        return
    for assignment in Assignment.objects.filter(proposal=proposal, kind=Assignment.Kind.DEPARTMENT):
        services.assignment_assign(
            actor=operator, district=district, assignment=assignment, department=department
        )
        assignment.refresh_from_db()
        if item.get("overdue"):
            Assignment.objects.filter(pk=assignment.pk).update(
                assigned_at=timezone.now() - datetime.timedelta(days=40),
                due_at=timezone.now() - datetime.timedelta(days=9),
            )
        elif item.get("answer"):
            answer, reason = item["answer"]
            services.assignment_answer(
                actor=official, district=district, assignment=assignment, answer=answer, reason=reason
            )
    path = {
        Stage.SUPPORT: [],
        Stage.DELIBERATION: [Stage.DELIBERATION],
        Stage.DECISION: [Stage.DELIBERATION, Stage.DECISION],
        Stage.INSTITUTIONALISED: [Stage.DELIBERATION, Stage.DECISION, Stage.INSTITUTIONALISED],
        Stage.EXECUTION: [Stage.DELIBERATION, Stage.DECISION, Stage.INSTITUTIONALISED, Stage.EXECUTION],
        Stage.DONE: [
            Stage.DELIBERATION,
            Stage.DECISION,
            Stage.INSTITUTIONALISED,
            Stage.EXECUTION,
            Stage.DONE,
        ],
    }[item["stage"]]
    reasons = {
        Stage.DELIBERATION: "공감 기준에 도달해 공론장에서 함께 논의합니다.",
        Stage.DECISION: "숙의 결과를 바탕으로 결정했습니다.",
        Stage.INSTITUTIONALISED: "채택된 제안을 제도화 경로로 넘깁니다.",
        Stage.EXECUTION: "담당 부서가 실행을 시작했습니다.",
        Stage.DONE: "실행을 마쳤습니다.",
    }
    for target in path:
        services.proposal_stage_change(
            actor=operator,
            district=district,
            proposal=proposal,
            target=target,
            reason=reasons[target],
            adopted=item.get("adopted") if target == Stage.DECISION else None,
            route=item.get("route", "") if target == Stage.INSTITUTIONALISED else "",
            url=item.get("url", "") if target == Stage.DELIBERATION else "",
        )


def load_demo(*, districts) -> list[str]:
    spec = _spec()
    lines = []
    for district in districts:
        if district.slug not in spec:
            continue
        created = load_district(district, spec[district.slug])
        lines.append(f"시민제안 {district.name}: 새 제안 {created}건")
    return lines
