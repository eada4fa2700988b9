"""Writes of processes and phases: checked (`processes.manage_process`), validated, audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from madang.core.models import AuditEntry
from madang.core.services import (
    DomainError,
    audit_record,
    model_snapshot,
    model_update,
    require_perm,
    validate_model,
)
from madang.core.tenancy import ensure_in_district

from .features import is_feature
from .models import Phase, Process
from .predicates import phases_forget

PROCESS_FIELDS = (
    "kind",
    "title",
    "slug",
    "description",
    "starts_on",
    "ends_on",
    "dong",
    "committee",
    "is_published",
)
PHASE_FIELDS = ("name", "description", "features", "starts_at", "ends_at", "order")


def _require_manage(actor, obj) -> None:
    require_perm(actor, "processes.manage_process", obj, _("참여 과정을 관리할 권한이 없습니다."))


def _duplicate_slug() -> DomainError:
    return DomainError(
        _("이 자치구에 같은 주소 이름의 참여 과정이 이미 있습니다."), code="duplicate_process_slug"
    )


RESERVED_SLUGS = frozenset({"new"})


def _check_slug(slug) -> None:
    if slug in RESERVED_SLUGS:
        raise DomainError(
            _("'%(slug)s'은(는) 주소 이름으로 쓸 수 없습니다.") % {"slug": slug}, code="invalid"
        )


def _check_dates(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("종료일은 시작일보다 빠를 수 없습니다."), code="invalid_dates")


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _check_phase_dates(process: Process, starts_at, ends_at) -> None:
    if ends_at <= starts_at:
        raise DomainError(_("단계의 종료 일시는 시작 일시보다 늦어야 합니다."), code="invalid_dates")
    opens = _day_start(process.starts_on)
    closes = _day_start(process.ends_on + datetime.timedelta(days=1))
    if starts_at < opens or ends_at > closes:
        raise DomainError(
            _("단계는 참여 과정 기간(%(start)s ~ %(end)s) 안에 있어야 합니다.")
            % {"start": process.starts_on.isoformat(), "end": process.ends_on.isoformat()},
            code="phase_outside_process",
        )


def _check_no_overlap(process: Process, starts_at, ends_at, *, exclude_pk=None) -> None:
    others = Phase.objects.filter(process=process, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    clash = others.order_by("starts_at").first()
    if clash is not None:
        raise DomainError(
            _("'%(name)s' 단계와 기간이 겹칩니다. 단계는 서로 겹칠 수 없습니다.") % {"name": clash.name},
            code="phase_overlap",
        )


def _clean_features(features: Iterable[str]) -> list[str]:
    names = []
    for name in features or ():
        name = str(name)
        if not is_feature(name):
            raise DomainError(_("알 수 없는 활동입니다: %(name)s") % {"name": name[:40]}, code="invalid")
        if name not in names:
            names.append(name)
    return names


def _lock(process: Process) -> Process:
    """Serialise phase changes of one process (PostgreSQL row lock; SQLite writes are serial anyway)."""
    return Process.objects.select_for_update().get(pk=process.pk)


# --- processes ---------------------------------------------------------------------------------------


def process_create(
    *,
    actor,
    district,
    kind: str,
    title: str,
    slug: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
    dong=None,
    committee=None,
    is_published: bool = False,
) -> Process:
    _require_manage(actor, district)
    ensure_in_district(district, dong, committee)
    _check_slug(slug)
    _check_dates(starts_on, ends_on)
    process = Process(
        district=district,
        kind=kind,
        title=title,
        slug=slug,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        dong=dong,
        committee=committee,
        is_published=is_published,
    )
    validate_model(process)
    try:
        with transaction.atomic():
            process.save(force_insert=True)
            audit_record(
                actor=actor, action=AuditEntry.Action.CREATE, obj=process, after=model_snapshot(process)
            )
    except IntegrityError as error:
        raise _duplicate_slug() from error
    return process


def process_update(*, actor, process: Process, data: dict) -> Process:
    """Change the fields of `PROCESS_FIELDS` present in `data`. Phases must still fit the new dates."""
    _require_manage(actor, process)
    ensure_in_district(process.district_id, data.get("dong"), data.get("committee"))
    _check_slug(data.get("slug"))
    _check_dates(data.get("starts_on", process.starts_on), data.get("ends_on", process.ends_on))
    try:
        with transaction.atomic():
            locked = _lock(process)
            starts_on = data.get("starts_on", locked.starts_on)
            ends_on = data.get("ends_on", locked.ends_on)
            if (starts_on, ends_on) != (locked.starts_on, locked.ends_on):
                window = Process(starts_on=starts_on, ends_on=ends_on)
                for phase in Phase.objects.filter(process=locked):
                    _check_phase_dates(window, phase.starts_at, phase.ends_at)
            publishing = data.get("is_published") and not process.is_published
            model_update(
                instance=process,
                fields=PROCESS_FIELDS,
                data=data,
                actor=actor,
                action=AuditEntry.Action.PUBLISH
                if publishing and set(data) <= {"is_published"}
                else AuditEntry.Action.UPDATE,
            )
    except IntegrityError as error:
        raise _duplicate_slug() from error
    return process


def process_delete(*, actor, process: Process) -> None:
    """Delete a process and its phases. (Capabilities that hang off it protect their own rows.)"""
    _require_manage(actor, process)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            obj=process,
            before=model_snapshot(process),
            note=_("단계 %(n)d개 포함") % {"n": process.phases.count()},
        )
        try:
            process.delete()
        except IntegrityError as error:  # pragma: no cover - depends on later capabilities' FKs
            raise DomainError(
                _("이 참여 과정에 딸린 기록이 있어 삭제할 수 없습니다."), code="conflict"
            ) from error


# --- phases ------------------------------------------------------------------------------------------


def phase_add(
    *,
    actor,
    process: Process,
    name: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    features: Iterable[str] = (),
    description: str = "",
    order: int | None = None,
) -> Phase:
    """Add a phase inside the process's dates that overlaps no other phase."""
    _require_manage(actor, process)
    features = _clean_features(features)
    _check_phase_dates(process, starts_at, ends_at)
    with transaction.atomic():
        _lock(process)
        _check_no_overlap(process, starts_at, ends_at)
        if order is None:
            order = Phase.objects.filter(process=process).count()
        phase = Phase(
            process=process,
            name=name,
            description=description,
            features=features,
            starts_at=starts_at,
            ends_at=ends_at,
            order=order,
        )
        validate_model(phase)
        phase.save(force_insert=True)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=phase,
            district=process.district,
            after=model_snapshot(phase),
            note=str(process)[:200],
        )
    phases_forget(process)
    return phase


def phase_update(*, actor, phase: Phase, data: dict) -> Phase:
    """Change the fields of `PHASE_FIELDS` present in `data`; the phase stays inside the process and
    overlaps no other phase."""
    process = phase.process
    _require_manage(actor, process)
    data = dict(data)
    if "features" in data:
        data["features"] = _clean_features(data["features"])
    starts_at = data.get("starts_at", phase.starts_at)
    ends_at = data.get("ends_at", phase.ends_at)
    _check_phase_dates(process, starts_at, ends_at)
    with transaction.atomic():
        _lock(process)
        _check_no_overlap(process, starts_at, ends_at, exclude_pk=phase.pk)
        model_update(instance=phase, fields=PHASE_FIELDS, data=data, actor=actor, district=process.district)
    phases_forget(process)
    return phase


def phase_delete(*, actor, phase: Phase) -> None:
    process = phase.process
    _require_manage(actor, process)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            obj=phase,
            district=process.district,
            before=model_snapshot(phase),
            note=str(process)[:200],
        )
        phase.delete()
    phases_forget(process)
