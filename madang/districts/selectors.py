"""Reads about districts and programs. Each function runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from madang.core.exceptions import NotFound
from madang.core.models import AuditEntry

from .models import (
    City,
    CoreGoal,
    CoreValue,
    Department,
    DepartmentMember,
    District,
    Program,
    ProgramParticipation,
    Vision,
)


def district_get(*, slug: str) -> District:
    district = District.objects.select_related("city").filter(slug=slug).first()
    if district is None:
        raise NotFound(_("'%(slug)s' 자치구를 찾을 수 없습니다.") % {"slug": slug[:40]})
    return district


def district_list(*, city: City | None = None) -> QuerySet[District]:
    qs = District.objects.select_related("city").order_by("code")
    return qs.filter(city=city) if city is not None else qs


def city_get_default() -> City | None:
    return City.objects.order_by("code").first()


@dataclass
class ProgramTableRow:
    track: str
    program_year: int
    districts: list[District]

    @property
    def count(self) -> int:
        return len(self.districts)


@dataclass
class ProgramTable:
    program: Program
    rows: list[ProgramTableRow]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


def program_tables(*, city: City | None = None) -> list[ProgramTable]:
    """The seed's tables: per program, rows of (유형, 연차, 자치구들, 개수). Two queries."""
    programs = list(Program.objects.order_by("order", "id"))
    participations = ProgramParticipation.objects.select_related("track", "district").order_by(
        "track__program_id", "track__order", "track_id", "-program_year", "id"
    )
    if city is not None:
        participations = participations.filter(district__city=city)
    by_program: dict[int, list[ProgramTableRow]] = {p.pk: [] for p in programs}
    for (program_id, _track_id, year), group in groupby(
        participations, key=lambda p: (p.track.program_id, p.track_id, p.program_year)
    ):
        items = list(group)
        by_program[program_id].append(
            ProgramTableRow(
                track=items[0].track.name, program_year=year, districts=[p.district for p in items]
            )
        )
    return [ProgramTable(program=p, rows=by_program[p.pk]) for p in programs]


def program_tables_version() -> str:
    """Changes when districts or program participations change (one query)."""
    from django.db.models import Count, Max

    agg = ProgramParticipation.objects.aggregate(n=Count("id"), t=Max("updated_at"), m=Max("id"))
    districts = District.objects.aggregate(n=Count("id"), m=Max("id"))
    if agg["t"] is None:
        return "empty"
    return f"{agg['n']}.{agg['m']}.{agg['t']:%Y%m%d%H%M%S%f}.{districts['n']}.{districts['m']}"


def district_overview(*, district: District) -> dict:
    """What the district page shows: participations, and per program the vision and goals."""
    participations = list(
        ProgramParticipation.objects.in_district(district)
        .select_related("track__program")
        .order_by("track__program__order", "track__order")
    )
    program_ids = {p.track.program_id for p in participations}
    programs = list(
        Program.objects.filter(pk__in=program_ids)
        .order_by("order")
        .prefetch_related(
            Prefetch("core_goals", queryset=CoreGoal.objects.order_by("number")),
            Prefetch("core_values", queryset=CoreValue.objects.order_by("order")),
            Prefetch("visions", queryset=Vision.objects.in_district(district), to_attr="district_visions"),
        )
    )
    return {
        "participations": participations,
        "programs": [
            {
                "program": program,
                "vision": program.district_visions[0] if program.district_visions else None,
                "core_goals": list(program.core_goals.all()),
                "core_values": list(program.core_values.all()),
            }
            for program in programs
        ],
    }


def audit_entry_list(*, district: District | None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("district").order_by("-created_at", "-id")
    return qs.filter(district=district) if district is not None else qs


# --- the audit log, readable by a 구 관리자 -----------------------------------------------------------


@dataclass
class AuditChange:
    label: str
    before: str
    after: str


def _audit_field(model, key: str):
    if model is None:
        return None
    for field in model._meta.get_fields():
        if getattr(field, "name", None) == key or getattr(field, "attname", None) == key:
            return field
    return None


def _audit_date(field, value) -> str | None:
    import datetime

    from django.db import models
    from django.utils import formats, timezone
    from django.utils.dateparse import parse_date, parse_datetime

    if not isinstance(value, str):
        return None
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(value)
        if parsed is None:
            return None
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return formats.date_format(parsed, "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        parsed = parse_date(value)
        return formats.date_format(parsed, "DATE_FORMAT") if isinstance(parsed, datetime.date) else None
    return None


def audit_entries_readable(entries) -> list[AuditEntry]:
    """The entries of one audit page with `changes` ([AuditChange]: field label, value before, after)
    and `object_label` (the model's name) added: choice labels instead of codes, names instead of the ids
    of related objects, dates in the local format. One query per related model on the page."""
    from django.apps import apps
    from django.db import models
    from django.utils.text import capfirst

    entries = list(entries)

    def model_of(entry):
        try:
            return apps.get_model(entry.object_type)
        except (LookupError, ValueError):
            return None

    # ids of related objects per related model, over the whole page, loaded in one query each
    wanted: dict = {}
    for entry in entries:
        model = model_of(entry)
        for data in (entry.before or {}, entry.after or {}):
            for key, value in data.items():
                field = _audit_field(model, key)
                if field is not None and field.is_relation and field.related_model is not None:
                    values = value if isinstance(value, list) else [value]
                    ids = {v for v in values if isinstance(v, (int, str)) and v != ""}
                    wanted.setdefault(field.related_model, set()).update(ids)
    names: dict = {}
    for related, ids in wanted.items():
        if ids:
            found = related._default_manager.filter(pk__in=ids)
            names[related] = {str(obj.pk): str(obj) for obj in found}

    def text(field, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if field is None:
            return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if field.is_relation and field.related_model is not None:
            known = names.get(field.related_model, {})
            values = value if isinstance(value, list) else [value]
            return ", ".join(known.get(str(v), _("삭제된 항목 #%(id)s") % {"id": v}) for v in values)
        if getattr(field, "choices", None):
            labels = {str(k): str(v) for k, v in field.flatchoices}
            values = value if isinstance(value, list) else [value]
            return ", ".join(labels.get(str(v), str(v)) for v in values)
        if isinstance(field, models.BooleanField):
            return _("예") if value else _("아니요")
        shown = _audit_date(field, value)
        if shown is not None:
            return shown
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

    for entry in entries:
        model = model_of(entry)
        entry.object_label = capfirst(model._meta.verbose_name) if model is not None else entry.object_type
        before, after = entry.before or {}, entry.after or {}
        changes = []
        for key in [*before, *(k for k in after if k not in before)]:
            field = _audit_field(model, key)
            label = capfirst(field.verbose_name) if getattr(field, "verbose_name", None) else key
            changes.append(
                AuditChange(
                    label=str(label),
                    before=text(field, before[key]) if key in before else "",
                    after=text(field, after[key]) if key in after else "",
                )
            )
        entry.changes = changes
    return entries


def department_list(district: District) -> QuerySet[Department]:
    """The district's departments by name, each with its members prefetched (two queries)."""
    members = DepartmentMember.objects.select_related("user").order_by("user__display_name", "user_id")
    return (
        Department.objects.in_district(district)
        .order_by("name")
        .prefetch_related(Prefetch("memberships", queryset=members))
    )


def departments_of(user, district: District) -> QuerySet[Department]:
    """The departments of `district` that `user` is a member of (none for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return Department.objects.none()
    return Department.objects.in_district(district).filter(memberships__user=user).order_by("name")
