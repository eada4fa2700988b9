"""Writes about districts: reference data, visions, and the 행정동 import."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from madang.core.services import (
    AuditItem,
    DomainError,
    audit_bulk,
    audit_record,
    model_snapshot,
    require_perm,
)
from madang.core.spreadsheets import decode_text
from madang.core.text import clean_line, clean_text

from . import seed
from .models import (
    City,
    CoreGoal,
    CoreValue,
    Department,
    DepartmentMember,
    District,
    Dong,
    Program,
    ProgramParticipation,
    ProgramTrack,
    Vision,
)


@transaction.atomic
def reference_data_load() -> None:
    """Seoul, its 25 districts and the seed's program tables. Safe to run again."""
    city, _created = City.objects.update_or_create(
        code=seed.SEOUL["code"], defaults={k: v for k, v in seed.SEOUL.items() if k != "code"}
    )
    by_slug = {}
    for code, name, name_en, slug in seed.DISTRICTS:
        district, _created = District.objects.update_or_create(
            code=code, defaults={"city": city, "name": name, "name_en": name_en, "slug": slug}
        )
        by_slug[slug] = district
    for order, spec in enumerate(seed.PROGRAMS):
        program, _created = Program.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "name_en": spec["name_en"],
                "shared_vision": spec["shared_vision"],
                "duration_months": spec["duration_months"],
                "order": order,
            },
        )
        for track_order, (track_name, years) in enumerate(spec["tracks"]):
            track, _created = ProgramTrack.objects.update_or_create(
                program=program, name=track_name, defaults={"order": track_order}
            )
            for program_year, slugs in years:
                for slug in slugs:
                    ProgramParticipation.objects.update_or_create(
                        track=track, district=by_slug[slug], defaults={"program_year": program_year}
                    )
        if spec["slug"] == "citizen-platform":
            for number, title, evaluation, specific in seed.CORE_GOALS:
                CoreGoal.objects.update_or_create(
                    program=program,
                    number=number,
                    defaults={
                        "title": title,
                        "title_en": seed.CORE_GOALS_EN.get(number, ""),
                        "evaluation": evaluation,
                        "district_specific": specific,
                    },
                )
            for value_order, (title, description) in enumerate(seed.CORE_VALUES):
                title_en, description_en = seed.CORE_VALUES_EN[value_order]
                CoreValue.objects.update_or_create(
                    program=program,
                    order=value_order,
                    defaults={
                        "title": title,
                        "description": description,
                        "title_en": title_en,
                        "description_en": description_en,
                    },
                )
            for slug, text in seed.VISIONS.items():
                Vision.objects.get_or_create(program=program, district=by_slug[slug], defaults={"text": text})


def vision_set(*, actor, district: District, program: Program, text: str) -> Vision:
    if not actor.has_perm("districts.change_vision", district):
        raise DomainError(_("비전을 고칠 권한이 없습니다."), code="forbidden")
    text = clean_text(text)
    if not text:
        raise DomainError(_("비전을 입력하세요."), code="required")
    with transaction.atomic():
        vision = Vision.objects.select_for_update().filter(program=program, district=district).first()
        if vision is None:
            vision = Vision.objects.create(program=program, district=district, text=text)
            audit_record(actor=actor, action="create", obj=vision, district=district, after={"text": text})
        else:
            before = model_snapshot(vision, ["text"])
            vision.text = text
            vision.save(update_fields=["text", "updated_at"])
            audit_record(
                actor=actor,
                action="update",
                obj=vision,
                district=district,
                before=before,
                after={"text": text},
            )
    return vision


# --- 행정동 CSV import -------------------------------------------------------------------------

MAX_DONG_CSV_BYTES = 2 * 1024 * 1024
HEADER_ALIASES = {
    "code": "code",
    "행정동코드": "code",
    "행정동 코드": "code",
    "name": "name",
    "행정동명": "name",
    "이름": "name",
    "district_code": "district_code",
    "자치구코드": "district_code",
    "자치구 코드": "district_code",
}


@dataclass
class DongImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def dong_import_csv(*, actor, raw: bytes, dry_run: bool = False) -> DongImportReport:
    """Import 행정동 rows (code, name, district code). All rows or none.

    Every row is checked first; if any is bad, nothing is written and the report lists each
    bad row by line number. Existing dongs (same code) are updated, so a re-import is safe.
    Only a 시 관리자 (or `SYSTEM`, from the management command) may; every change is audited.
    """
    require_perm(actor, "districts.import_dongs", None, _("행정동을 가져올 권한이 없습니다."))
    if len(raw) > MAX_DONG_CSV_BYTES:
        raise DomainError(_("파일이 너무 큽니다 (최대 2MB)."), code="too_large")
    text = decode_text(raw)
    rows = list(csv.reader(io.StringIO(text)))
    report = DongImportReport()
    if not rows:
        raise DomainError(_("빈 파일입니다."), code="empty")

    columns = ["code", "name", "district_code"]
    first = [cell.strip() for cell in rows[0]]
    start = 1
    if first and not first[0].isdigit():
        mapped = [HEADER_ALIASES.get(cell.lower(), HEADER_ALIASES.get(cell)) for cell in first]
        if sorted(c for c in mapped if c) != sorted(columns):
            raise DomainError(
                _("머리글은 code, name, district_code (또는 행정동코드, 행정동명, 자치구코드)여야 합니다."),
                code="header",
            )
        columns = mapped
    else:
        start = 0

    districts = {d.code: d for d in District.objects.all()}
    existing = {d.code: d for d in Dong.objects.all()}
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    parsed = []
    for line_no, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            report.errors.append(
                (line_no, _("열이 %(n)d개여야 합니다 (현재 %(m)d개).") % {"n": len(columns), "m": len(row)})
            )
            continue
        values = {col: clean_line(cell) for col, cell in zip(columns, row, strict=True) if col}
        code, name, district_code = values["code"], values["name"], values["district_code"]
        problems = []
        if not (code.isascii() and code.isdigit() and 8 <= len(code) <= 10):
            problems.append(_("행정동 코드 '%(code)s'는 숫자 8~10자리여야 합니다.") % {"code": code})
        if not name:
            problems.append(_("행정동 이름이 비어 있습니다."))
        elif len(name) > 30:
            problems.append(_("행정동 이름이 너무 깁니다 (최대 30자)."))
        district = districts.get(district_code)
        if district is None:
            problems.append(_("알 수 없는 자치구 코드 '%(code)s'입니다.") % {"code": district_code})
        elif code.isascii() and code.isdigit() and not code.startswith(district_code):
            problems.append(
                _("행정동 코드 '%(code)s'가 자치구 코드 '%(district)s'로 시작하지 않습니다.")
                % {"code": code, "district": district_code}
            )
        if code in seen_codes:
            problems.append(
                _("행정동 코드 '%(code)s'가 %(line)d행과 중복됩니다.")
                % {"code": code, "line": seen_codes[code]}
            )
        if (district_code, name) in seen_names:
            problems.append(
                _("'%(name)s'이(가) %(line)d행과 중복됩니다.")
                % {"name": name, "line": seen_names[(district_code, name)]}
            )
        seen_codes.setdefault(code, line_no)
        seen_names.setdefault((district_code, name), line_no)
        if problems:
            report.errors.append((line_no, " ".join(problems)))
            continue
        parsed.append((code, name, district))

    if report.errors or dry_run:
        for code, name, district in parsed:
            current = existing.get(code)
            if current is None:
                report.created += 1
            elif current.name == name and current.district_id == district.pk:
                report.unchanged += 1
            else:
                report.updated += 1
        if report.errors:
            report.created = report.updated = report.unchanged = 0
        return report

    with transaction.atomic():
        audit = []
        for code, name, district in parsed:
            current = existing.get(code)
            if current is None:
                dong = Dong.objects.create(code=code, name=name, district=district)
                audit.append(AuditItem(obj=dong, action="import", after={"code": code, "name": name}))
                report.created += 1
            elif current.name == name and current.district_id == district.pk:
                report.unchanged += 1
            else:
                before = {"name": current.name, "district": current.district_id}
                current.name, current.district = name, district
                current.save(update_fields=["name", "district"])
                audit.append(
                    AuditItem(
                        obj=current,
                        action="import",
                        before=before,
                        after={"name": name, "district": district.pk},
                    )
                )
                report.updated += 1
        audit_bulk(actor=actor, items=audit)
    return report


# --- departments -----------------------------------------------------------------------------------
# Called by the role hook (districts.registry) inside the transaction of a 공무원 role grant or revoke,
# whose permission check already ran; they record their own audit rows in that transaction.


@transaction.atomic
def department_member_ensure(*, actor, district: District, name: str, user) -> DepartmentMember:
    """The department `name` of `district` exists and `user` is a member (both created if missing)."""
    name = clean_line(name)
    if not name:
        raise DomainError(_("부서명을 입력하세요."), code="department_required")
    department, created = Department.objects.get_or_create(district=district, name=name)
    if created:
        audit_record(actor=actor, action="create", obj=department, after=model_snapshot(department, ["name"]))
    member, created = DepartmentMember.objects.get_or_create(
        department=department, user=user, defaults={"district": district}
    )
    if created:
        audit_record(
            actor=actor, action="join", obj=member, after=model_snapshot(member, ["department", "user"])
        )
    return member


@transaction.atomic
def department_member_remove(*, actor, district: District, name: str, user) -> bool:
    """`user` leaves the department `name` of `district` (the department stays); whether they were in it."""
    member = (
        DepartmentMember.objects.in_district(district)
        .filter(department__name=clean_line(name), user=user)
        .select_related("department")
        .first()
    )
    if member is None:
        return False
    audit_record(
        actor=actor, action="leave", obj=member, before=model_snapshot(member, ["department", "user"])
    )
    member.delete()
    return True
