"""Writes of participatory budgeting: cycles and their phases, headings, projects, screening, committee
review, shortlisting, execution monitoring. Every service checks its permission, the district, and
audits in the same transaction; status moves go through the kernel's `transition`.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.core.models import AuditEntry
from madang.core.ratelimit import rate_limit
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
from madang.core.text import clean_line, clean_markdown, clean_text
from madang.processes import services as process_services
from madang.processes.models import Process

from .models import (
    MAX_ATTACHMENTS,
    MAX_COST,
    ChannelWeight,
    CommitteeMember,
    Cycle,
    Heading,
    ProgressUpdate,
    Project,
    ProjectAttachment,
    ReviewCriterion,
    ReviewScore,
    Screening,
)
from .predicates import forget_committees, proposer_refusal

S = Project.Status
DAY = 24 * 60 * 60
# projects one resident may propose per day (operators are exempt)
PROPOSALS_PER_DAY = 10

# (name, actions it opens, default length in days; the last phase runs to the process's end)
PHASES = (
    ("제안 접수", ("propose", "comment"), 30),
    ("적격 심사", ("screen", "comment"), 30),
    ("분과 심의", ("review", "comment"), 21),
    ("주민 투표", ("vote", "comment"), 14),
    ("총회", ("vote", "comment"), 7),
    ("결과 발표", ("comment",), 14),
    ("집행 모니터링", ("comment",), None),
)

# allowed status moves (the ballot's results publication moves shortlisted → funded / not_funded)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN),
    S.ELIGIBLE: (S.SHORTLISTED, S.INELIGIBLE, S.WITHDRAWN),
    S.INELIGIBLE: (S.ELIGIBLE,),
    S.SHORTLISTED: (S.ELIGIBLE, S.FUNDED, S.NOT_FUNDED, S.WITHDRAWN),
    S.FUNDED: (S.IN_PROGRESS, S.DONE),
    S.NOT_FUNDED: (),
    S.IN_PROGRESS: (S.DONE,),
    S.DONE: (S.IN_PROGRESS,),
    S.WITHDRAWN: (),
}
VERBS = {
    S.ELIGIBLE: AuditEntry.Action.APPROVE,
    S.INELIGIBLE: AuditEntry.Action.REJECT,
    S.WITHDRAWN: AuditEntry.Action.LEAVE,
    S.SHORTLISTED: AuditEntry.Action.PUBLISH,
    S.FUNDED: AuditEntry.Action.APPROVE,
    S.NOT_FUNDED: AuditEntry.Action.REJECT,
    S.DONE: AuditEntry.Action.CLOSE,
}

CYCLE_FIELDS = ("min_age", "ballot_kind", "approval_max_picks", "knapsack_min_share", "registry_required")
HEADING_FIELDS = ("name", "kind", "dong", "amount", "population", "order")
PROJECT_FIELDS = (
    "heading",
    "title",
    "description",
    "dong",
    "location",
    "cost",
    "on_behalf_name",
    "source_url",
)
TEXT_FIELDS = {"description", "reasons", "text"}


def _clean(data: dict, fields) -> dict:
    out = {}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            if name == "description":
                value = clean_markdown(value)
            else:
                value = clean_text(value) if name in TEXT_FIELDS else clean_line(value)
        out[name] = value
    return out


def _check_cost(value, *, label=None, required=True) -> None:
    label = label or _("사업비")
    if value is None:
        if required:
            raise DomainError(_("%(what)s를 적어 주세요.") % {"what": label}, code="invalid_cost")
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise DomainError(_("%(what)s는 1원 이상이어야 합니다.") % {"what": label}, code="invalid_cost")
    if value > MAX_COST:
        raise DomainError(
            _("%(what)s가 너무 큽니다. 1조 원 이하로 적어 주세요.") % {"what": label}, code="invalid_cost"
        )


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


# --- cycles ------------------------------------------------------------------------------------------


def phase_schedule(
    starts_on: datetime.date, ends_on: datetime.date
) -> list[tuple[str, list, datetime.datetime, datetime.datetime]]:
    """The default phases from `starts_on` to the end of `ends_on`: each its usual length, shortened in
    proportion when the process is shorter (every phase at least one day)."""
    days = (ends_on - starts_on).days + 1
    if days < len(PHASES):
        raise DomainError(
            _("참여예산 회차는 최소 %(n)d일이어야 합니다 (단계마다 하루 이상).") % {"n": len(PHASES)},
            code="invalid_dates",
        )
    fixed = [length for _n, _f, length in PHASES if length]
    budget = days - 1  # the last phase keeps at least one day
    if sum(fixed) > budget:
        scaled = [max(1, length * budget // sum(fixed)) for length in fixed]
        while sum(scaled) > budget:
            longest = scaled.index(max(scaled))
            scaled[longest] -= 1
        fixed = scaled
    out = []
    at = starts_on
    for (name, features, _length), length in zip(PHASES, [*fixed, None], strict=True):
        end = ends_on + datetime.timedelta(days=1) if length is None else at + datetime.timedelta(days=length)
        out.append((name, list(features), _day_start(at), _day_start(end)))
        at = end
    return out


@transaction.atomic
def cycle_create(
    *,
    actor,
    district,
    year: int,
    title: str,
    slug: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
    is_published: bool = True,
    weights_preset: str = "2018",
    with_phases: bool = True,
    **settings_data,
) -> Cycle:
    """A cycle with its process (kind 시민참여예산), the seven dated phases, the default review criteria
    and a channel weighting preset."""
    require_perm(actor, "budgeting.add_cycle", district, _("참여예산 회차를 만들 권한이 없습니다."))
    if weights_preset not in ChannelWeight.PRESETS:
        raise DomainError(_("알 수 없는 비중 방식입니다."), code="invalid")
    schedule = phase_schedule(starts_on, ends_on) if with_phases else []
    process = process_services.process_create(
        actor=actor,
        district=district,
        kind=Process.Kind.BUDGETING,
        title=clean_line(title),
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on,
        description=clean_text(description),
        is_published=is_published,
    )
    cycle = Cycle(district=district, process=process, year=year, **_clean(settings_data, CYCLE_FIELDS))
    validate_model(cycle)
    cycle.save(force_insert=True)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=cycle, after=model_snapshot(cycle))
    for order, (name, features, starts_at, ends_at) in enumerate(schedule):
        process_services.phase_add(
            actor=actor,
            process=process,
            name=name,
            features=features,
            starts_at=starts_at,
            ends_at=ends_at,
            order=order,
        )
    ReviewCriterion.objects.bulk_create(
        ReviewCriterion(cycle=cycle, name=name, weight=weight, order=i)
        for i, (name, weight) in enumerate(ReviewCriterion.DEFAULTS)
    )
    ChannelWeight.objects.bulk_create(
        ChannelWeight(cycle=cycle, channel=channel, weight=weight)
        for channel, weight in ChannelWeight.PRESETS[weights_preset].items()
    )
    return cycle


def cycle_update(*, actor, cycle: Cycle, data: dict) -> Cycle:
    """The ballot and eligibility settings (the title, dates and phases are the process's own pages)."""
    require_perm(actor, "budgeting.manage_cycle", cycle, _("참여예산 회차를 관리할 권한이 없습니다."))
    model_update(instance=cycle, fields=CYCLE_FIELDS, data=_clean(data, CYCLE_FIELDS), actor=actor)
    return cycle


@transaction.atomic
def channel_weights_set(*, actor, cycle: Cycle, weights: dict[str, int]) -> list[ChannelWeight]:
    """Replace the cycle's channel weights; they must be whole percentages summing to 100."""
    require_perm(actor, "budgeting.manage_cycle", cycle, _("참여예산 회차를 관리할 권한이 없습니다."))
    known = set(ChannelWeight.Channel.values)
    clean = {}
    for channel, weight in weights.items():
        if channel not in known:
            raise DomainError(_("알 수 없는 경로입니다: %(c)s") % {"c": str(channel)[:30]}, code="invalid")
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
            raise DomainError(_("비중은 0에서 100 사이의 정수여야 합니다."), code="invalid_weight")
        if weight:
            clean[channel] = weight
    if sum(clean.values()) != 100:
        raise DomainError(
            _("경로별 비중의 합은 100이어야 합니다 (지금 %(sum)d).") % {"sum": sum(clean.values())},
            code="invalid_weight",
        )
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
    before = dict(ChannelWeight.objects.filter(cycle=cycle).values_list("channel", "weight"))
    if before == clean:
        return list(cycle.channel_weights.all())
    ChannelWeight.objects.filter(cycle=cycle).delete()
    rows = ChannelWeight.objects.bulk_create(
        ChannelWeight(cycle=cycle, channel=c, weight=w) for c, w in clean.items()
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=cycle,
        before={"channel_weights": before},
        after={"channel_weights": clean},
        note=_("경로별 비중"),
    )
    return rows


# --- headings ----------------------------------------------------------------------------------------


def _heading_checks(cycle: Cycle, data: dict) -> None:
    ensure_in_district(cycle.district_id, data.get("dong"))
    if "amount" in data:
        amount = data["amount"]
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise DomainError(_("배정 금액은 1원 이상이어야 합니다."), code="invalid_amount")
        if amount > MAX_COST:
            raise DomainError(_("배정 금액이 너무 큽니다. 1조 원 이하로 적어 주세요."), code="invalid_amount")
    if data.get("kind") == Heading.Kind.DONG and not data.get("dong"):
        raise DomainError(_("동 단위 예산에는 행정동을 골라 주세요."), code="dong_required")


def _duplicate_heading() -> DomainError:
    return DomainError(_("이 회차에 같은 이름의 예산 구분이 이미 있습니다."), code="duplicate_heading")


def heading_create(*, actor, cycle: Cycle, data: dict) -> Heading:
    require_perm(actor, "budgeting.manage_cycle", cycle, _("참여예산 회차를 관리할 권한이 없습니다."))
    data = _clean(data, HEADING_FIELDS)
    _heading_checks(cycle, data)
    heading = Heading(cycle=cycle, **data)
    validate_model(heading, validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            heading.save(force_insert=True)
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=heading,
                district=cycle.district,
                after=model_snapshot(heading),
            )
    except IntegrityError as error:
        raise _duplicate_heading() from error
    return heading


def heading_update(*, actor, heading: Heading, data: dict) -> Heading:
    require_perm(actor, "budgeting.manage_cycle", heading.cycle, _("참여예산 회차를 관리할 권한이 없습니다."))
    data = _clean(data, HEADING_FIELDS)
    merged = {"kind": heading.kind, "dong": heading.dong, **data}
    _heading_checks(heading.cycle, {**data, "kind": merged["kind"], "dong": merged["dong"]})
    try:
        with transaction.atomic():
            model_update(
                instance=heading,
                fields=HEADING_FIELDS,
                data=data,
                actor=actor,
                district=heading.cycle.district,
                validate_unique=False,
            )
    except IntegrityError as error:
        raise _duplicate_heading() from error
    return heading


@transaction.atomic
def heading_delete(*, actor, heading: Heading) -> None:
    require_perm(actor, "budgeting.manage_cycle", heading.cycle, _("참여예산 회차를 관리할 권한이 없습니다."))
    if heading.projects.exists():
        raise DomainError(_("사업이 있는 예산 구분은 삭제할 수 없습니다."), code="conflict")
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=heading,
        district=heading.cycle.district,
        before=model_snapshot(heading),
    )
    heading.delete()


# --- projects ----------------------------------------------------------------------------------------


def _project_checks(cycle: Cycle, data: dict, *, cost_required=True) -> None:
    heading = data.get("heading")
    if heading is not None and heading.cycle_id != cycle.pk:
        raise DomainError(_("이 회차의 예산 구분이 아닙니다."), code="invalid_heading")
    ensure_in_district(cycle.district_id, data.get("dong"))
    if "cost" in data or cost_required:
        _check_cost(data.get("cost"), required=cost_required)
    if "title" in data and not data["title"]:
        raise DomainError(_("사업명을 적어 주세요."), code="invalid")


def project_index(project: Project) -> None:
    """(Re)index a project's text for Korean search, in the caller's transaction."""
    from madang.core.search import index_put

    index_put(
        object_type="budget_project",
        object_id=project.pk,
        district_id=project.cycle.district_id,
        text=" ".join([project.title, project.location, project.description[:5000]]),
    )


def _project_new(
    *, actor, cycle: Cycle, data: dict, author, on_behalf_name: str = "", cost_required=True
) -> Project:
    data = _clean(data, PROJECT_FIELDS)
    data.pop("on_behalf_name", None)
    if not data.get("description"):
        raise DomainError(_("사업 내용을 적어 주세요."), code="invalid")
    if data.get("heading") is None:
        raise DomainError(_("예산 구분을 골라 주세요."), code="invalid_heading")
    _project_checks(cycle, data, cost_required=cost_required)
    project = Project(
        cycle=cycle, author=author, entered_by=actor, on_behalf_name=clean_line(on_behalf_name), **data
    )
    validate_model(project)
    project.save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=project,
        district=cycle.district,
        after=model_snapshot(project),
    )
    project_index(project)
    return project


@transaction.atomic
def project_propose(*, actor, cycle: Cycle, data: dict) -> Project:
    """A resident proposes a project during 제안 접수: verified for the cycle and old enough."""
    if not actor.has_perm("budgeting.propose_project", cycle):
        refusal = proposer_refusal(actor, cycle) if getattr(actor, "is_authenticated", False) else None
        raise DomainError(
            refusal or _("지금은 사업을 제안할 수 없습니다 (제안 접수 기간이 아닙니다)."), code="forbidden"
        )
    rate_limit(key=f"budgeting:propose:{actor.pk}", limit=PROPOSALS_PER_DAY, period=DAY)
    return _project_new(actor=actor, cycle=cycle, data=data, author=actor)


@transaction.atomic
def project_propose_on_behalf(*, actor, cycle: Cycle, data: dict, on_behalf_name: str) -> Project:
    """An operator enters a resident's paper or phone proposal (the proposer named, no account linked)."""
    require_perm(
        actor, "budgeting.propose_on_behalf", cycle, _("제안 접수 기간에 운영진만 대리 접수할 수 있습니다.")
    )
    if not clean_line(on_behalf_name or ""):
        raise DomainError(_("제안자 이름을 적어 주세요."), code="invalid")
    return _project_new(actor=actor, cycle=cycle, data=data, author=None, on_behalf_name=on_behalf_name)


def open_cycle(district) -> Cycle | None:
    """The cycle a routed proposal joins: the one taking proposals now, else the newest unfinished one."""
    from madang.processes.predicates import phase_allows

    today = timezone.localdate()
    cycles = list(
        Cycle.objects.in_district(district)
        .filter(process__is_published=True, process__ends_on__gte=today)
        .select_related("process")
        .prefetch_related("process__phases")
        .order_by("-year", "-id")
    )
    for cycle in cycles:
        if phase_allows(cycle.process, "propose"):
            return cycle
    return cycles[0] if cycles else None


@transaction.atomic
def project_from_proposal(*, actor, district, title, body, dong=None, source_url="") -> Project | None:
    """The handoff `budgeting.project_from_proposal`: a citizen proposal routed to 시민참여예산 becomes a
    project of the open cycle (its dong's heading if there is one, else the district-wide heading), with
    its cost left for the screening to set; `source_url` links back to the proposal.

    None when the district has no unfinished cycle yet: the proposal's route is recorded all the same
    (the agenda's path does not wait for the budget calendar) and carries no project link."""
    cycle = open_cycle(district)
    if cycle is None:
        return None
    require_perm(actor, "budgeting.manage_cycle", cycle, _("참여예산으로 넘길 권한이 없습니다."))
    ensure_in_district(district, dong)
    headings = list(cycle.headings.order_by("order", "id"))
    heading = next((h for h in headings if dong is not None and h.dong_id == dong.pk), None)
    heading = heading or next((h for h in headings if h.kind == Heading.Kind.DISTRICT), None)
    heading = heading or (headings[0] if headings else None)
    if heading is None:
        raise DomainError(_("이 회차에 예산 구분이 아직 없습니다."), code="invalid_heading")
    return _project_new(
        actor=actor,
        cycle=cycle,
        data={
            "heading": heading,
            "title": str(title)[:200],
            "description": body,
            "dong": dong,
            "source_url": str(source_url)[:500],
        },
        author=None,
        on_behalf_name=_("시민제안"),
        cost_required=False,
    )


def project_update(*, actor, project: Project, data: dict) -> Project:
    require_perm(actor, "budgeting.change_project", project, _("이 사업을 고칠 수 없습니다."))
    data = _clean(data, PROJECT_FIELDS)
    _project_checks(project.cycle, data, cost_required="cost" in data)
    with transaction.atomic():
        _project, changed = model_update(
            instance=project, fields=PROJECT_FIELDS, data=data, actor=actor, district=project.cycle.district
        )
        if changed:
            project_index(project)
    return project


def project_transition(
    *, actor, project: Project, target: str, note: str = "", values: dict | None = None
) -> Project:
    """Move a project to `target` if the move is allowed from its status (Korean refusal otherwise)."""
    current = project.status
    if target not in S.values:
        raise DomainError(_("알 수 없는 상태입니다."), code="invalid")
    if target not in TRANSITIONS.get(current, ()):
        raise DomainError(
            _("'%(from)s' 상태의 사업은 '%(to)s'(으)로 바꿀 수 없습니다.")
            % {"from": S(current).label, "to": S(target).label},
            code="invalid_transition",
        )
    sources = [s for s, targets in TRANSITIONS.items() if target in targets and s == current]
    with transaction.atomic():
        transition(
            project,
            source=sources,
            target=target,
            actor=actor,
            action=VERBS.get(target, AuditEntry.Action.TRANSITION),
            district=project.cycle.district,
            note=note[:500],
            values=values,
        )
        from madang.core.follows import notify_followers

        notify_followers(
            obj=project,
            event="stage",
            message=_("'%(title)s' 사업이 '%(status)s' 상태가 되었습니다.")
            % {"title": project.title, "status": S(target).label},
            url=project.get_absolute_url(),
            district=project.cycle.district,
            exclude=[actor] if getattr(actor, "pk", None) else (),
        )
    return project


def project_withdraw(*, actor, project: Project) -> Project:
    require_perm(actor, "budgeting.withdraw_project", project, _("이 사업을 철회할 수 없습니다."))
    return project_transition(actor=actor, project=project, target=S.WITHDRAWN)


@transaction.atomic
def project_set_status(*, actor, project: Project, target: str, note: str = "") -> Project:
    """Operators move a project by hand (execution: 집행 중, 완료; back to 적격; …)."""
    require_perm(actor, "budgeting.manage_cycle", project.cycle, _("사업 상태를 바꿀 권한이 없습니다."))
    return project_transition(actor=actor, project=project, target=target, note=clean_line(note))


# --- attachments --------------------------------------------------------------------------------------


@transaction.atomic
def project_attach(
    *, actor, project: Project, file, caption: str = "", kind: str = "image"
) -> ProjectAttachment:
    """Attach an already validated upload (the form / serializer ran the kernel's upload check)."""
    require_perm(actor, "budgeting.attach_to_project", project, _("이 사업에 파일을 올릴 수 없습니다."))
    Project.objects.select_for_update().filter(pk=project.pk).first()
    if project.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError(
            _("사업마다 파일은 %(n)d개까지 올릴 수 있습니다.") % {"n": MAX_ATTACHMENTS}, code="too_many_files"
        )
    attachment = ProjectAttachment(project=project, file=file, caption=clean_line(caption), kind=kind)
    attachment.save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=attachment,
        district=project.cycle.district,
        after={"file": attachment.file.name, "caption": attachment.caption, "project": project.pk},
    )
    return attachment


# --- screening ---------------------------------------------------------------------------------------


@transaction.atomic
def project_screen(
    *, actor, project: Project, department, decision: str, reasons: str = "", revised_cost: int | None = None
) -> Screening:
    """A department's eligibility decision during 적격 심사: 적격 (with an optional revised cost) or 부적격
    (with reasons). Officials screen for their own departments; operators for any of the district's."""
    require_perm(actor, "budgeting.screen_project", project, _("지금은 이 사업을 심사할 수 없습니다."))
    ensure_in_district(project.cycle.district_id, department)
    _check_department(actor, project, department)
    reasons = clean_text(reasons or "")
    if decision not in Screening.Decision.values:
        raise DomainError(_("적격 또는 부적격을 골라 주세요."), code="invalid")
    if decision == Screening.Decision.INELIGIBLE and not reasons:
        raise DomainError(_("부적격일 때는 사유를 적어 주세요."), code="reason_required")
    if revised_cost is not None:
        _check_cost(revised_cost, label=_("조정 사업비"))
    if decision == Screening.Decision.ELIGIBLE and project.cost is None and revised_cost is None:
        raise DomainError(
            _("사업비가 없는 사업은 조정 사업비를 적어야 적격으로 정할 수 있습니다."), code="invalid_cost"
        )
    target = S.ELIGIBLE if decision == Screening.Decision.ELIGIBLE else S.INELIGIBLE
    values = {"revised_cost": revised_cost} if revised_cost is not None else {}
    project_transition(actor=actor, project=project, target=target, note=reasons, values=values)
    if project.author_id:
        from madang.core.services import notify

        verdict = _("적격") if target == S.ELIGIBLE else _("부적격")
        notify(
            user=project.author,
            message=_("'%(title)s' 사업의 적격 심사 결과: %(verdict)s")
            % {"title": project.title, "verdict": verdict},
            url=project.get_absolute_url(),
            district=project.cycle.district,
            email_subject=_("[마당] 주민참여예산 적격 심사 결과"),
        )
    screening, _created = Screening.objects.update_or_create(
        project=project,
        defaults={
            "department": department,
            "decision": decision,
            "reasons": reasons,
            "revised_cost": revised_cost,
            "by": actor if getattr(actor, "pk", None) else None,
        },
    )
    return screening


def _check_department(actor, project: Project, department) -> None:
    if department is None:
        raise DomainError(_("심사하는 부서를 골라 주세요."), code="invalid")
    if actor.has_perm("budgeting.manage_cycle", project.cycle):
        return
    from madang.districts.predicates import is_department_member

    if not is_department_member(actor, department):
        raise DomainError(
            _("'%(name)s' 부서의 소속 공무원만 이 부서 이름으로 심사할 수 있습니다.")
            % {"name": department.name},
            code="forbidden",
        )


# --- committee review ---------------------------------------------------------------------------------


@transaction.atomic
def committee_member_add(
    *, actor, cycle: Cycle, user, heading=None, source: str = "appointed"
) -> CommitteeMember:
    require_perm(actor, "budgeting.manage_cycle", cycle, _("참여예산 회차를 관리할 권한이 없습니다."))
    if heading is not None and heading.cycle_id != cycle.pk:
        raise DomainError(_("이 회차의 예산 구분이 아닙니다."), code="invalid_heading")
    try:
        with transaction.atomic():
            member = CommitteeMember.objects.create(
                cycle=cycle, user=user, heading=heading, source=source[:20]
            )
    except IntegrityError as error:
        raise DomainError(_("이미 이 회차의 위원입니다."), code="duplicate_member") from error
    audit_record(
        actor=actor,
        action=AuditEntry.Action.GRANT,
        obj=member,
        district=cycle.district,
        after={"user": user.pk, "cycle": cycle.pk, "heading": getattr(heading, "pk", None)},
    )
    forget_committees(user)
    return member


@transaction.atomic
def committee_member_remove(*, actor, member: CommitteeMember) -> None:
    require_perm(actor, "budgeting.manage_cycle", member.cycle, _("참여예산 회차를 관리할 권한이 없습니다."))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.REVOKE,
        obj=member,
        district=member.cycle.district,
        before={"user": member.user_id, "cycle": member.cycle_id},
    )
    member.delete()
    forget_committees(member.user)


def review_total(project: Project) -> Decimal | None:
    """The committee's score of a project on 0–100: each criterion's mean score (1–5) as a share of 5,
    weighted by the criteria's weights."""
    criteria = {c.pk: c.weight for c in ReviewCriterion.objects.filter(cycle_id=project.cycle_id)}
    means = dict(
        ReviewScore.objects.filter(project=project)
        .values("criterion")
        .annotate(m=Avg("score"))
        .values_list("criterion", "m")
    )
    if not means or not criteria:
        return None
    total_weight = sum(criteria.values())
    value = (
        sum(Decimal(str(means.get(pk, 0) or 0)) / 5 * weight for pk, weight in criteria.items())
        * 100
        / total_weight
    )
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def project_review(*, actor, project: Project, scores: dict[int, int]) -> list[ReviewScore]:
    """A committee member's scores (1–5) for every published criterion of the project's cycle; scoring
    again replaces them. The project's denormalised `review_total` / `review_count` follow."""
    require_perm(actor, "budgeting.review_project", project, _("지금은 이 사업을 심사할 수 없습니다."))
    if project.status not in (S.ELIGIBLE, S.SHORTLISTED):
        raise DomainError(_("적격 판정을 받은 사업만 심의할 수 있습니다."), code="invalid_transition")
    criteria = {c.pk: c for c in ReviewCriterion.objects.filter(cycle_id=project.cycle_id)}
    scores = {int(k): v for k, v in scores.items()}
    if set(scores) != set(criteria):
        raise DomainError(_("모든 심사 기준에 점수를 매겨 주세요."), code="invalid")
    for value in scores.values():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise DomainError(_("점수는 1에서 5 사이여야 합니다."), code="invalid_score")
    Project.objects.select_for_update().filter(pk=project.pk).first()  # serialise the recount
    before = dict(
        ReviewScore.objects.filter(project=project, reviewer=actor).values_list("criterion_id", "score")
    )
    rows = []
    for criterion_id, value in scores.items():
        row, _created = ReviewScore.objects.update_or_create(
            project=project, criterion=criteria[criterion_id], reviewer=actor, defaults={"score": value}
        )
        rows.append(row)
    project.review_total = review_total(project)
    project.review_count = ReviewScore.objects.filter(project=project).values("reviewer").distinct().count()
    Project.objects.filter(pk=project.pk).update(
        review_total=project.review_total, review_count=project.review_count
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.VOTE,
        obj=project,
        district=project.cycle.district,
        before={"scores": {str(k): v for k, v in before.items()}} if before else None,
        after={"scores": {str(k): v for k, v in scores.items()}, "review_total": project.review_total},
        note=_("위원회 심사"),
    )
    return rows


@transaction.atomic
def project_shortlist(*, actor, project: Project, shortlisted: bool = True) -> Project:
    """Operators put an eligible project on the ballot (투표 대상), or take it off again."""
    require_perm(actor, "budgeting.shortlist_project", project, _("지금은 투표 대상을 정할 수 없습니다."))
    if shortlisted and not project.final_cost:
        raise DomainError(_("사업비가 정해지지 않은 사업은 투표 대상이 될 수 없습니다."), code="invalid_cost")
    return project_transition(
        actor=actor, project=project, target=S.SHORTLISTED if shortlisted else S.ELIGIBLE
    )


# --- execution monitoring -----------------------------------------------------------------------------


@transaction.atomic
def progress_add(*, actor, project: Project, text: str, percent: int) -> ProgressUpdate:
    """A progress note on a funded project; the first one moves it to 집행 중, 100 % to 완료."""
    require_perm(
        actor, "budgeting.report_progress", project, _("선정된 사업의 집행 현황만 적을 수 있습니다.")
    )
    text = clean_text(text or "")
    if not text:
        raise DomainError(_("내용을 적어 주세요."), code="invalid")
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise DomainError(_("집행률은 0에서 100 사이여야 합니다."), code="invalid")
    update = ProgressUpdate.objects.create(
        project=project, text=text, percent=percent, by=actor if getattr(actor, "pk", None) else None
    )
    Project.objects.filter(pk=project.pk).update(progress_percent=percent, updated_at=timezone.now())
    project.progress_percent = percent
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=update,
        district=project.cycle.district,
        after={"project": project.pk, "percent": percent, "text": text[:200]},
    )
    if project.status == S.FUNDED:
        project_transition(actor=actor, project=project, target=S.IN_PROGRESS)
    if percent == 100 and project.status == S.IN_PROGRESS:
        project_transition(actor=actor, project=project, target=S.DONE)
    return update
