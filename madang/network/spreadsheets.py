"""Organisation lists in and out of spreadsheets (CSV, XLSX).

Import runs in two steps. `preview_import` reads the file, checks every row and stores an
`ImportBatch` (a dry run: nothing touches the directory). `confirm_import` then creates the rows in
one transaction, in bulk but with `services.organisation_create`'s checks, so each organisation gets
the same audit entry and search index. Names already in the district's directory are skipped, so
importing the same file twice creates nothing the second time.

Export writes the directory with the same Korean headers, escapes every text cell against formula
injection and fills the contact columns only where the reader may see them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from madang.core import jobs
from madang.core import spreadsheets as sheets
from madang.core.models import AuditEntry, Job
from madang.core.numbers import parse_int
from madang.core.services import DomainError, audit_record, model_snapshot, require_perm
from madang.core.text import normalize
from madang.districts.models import Dong

from . import search, services
from .models import ImportBatch, IssueArea, LegalForm, Organisation, OrgKind
from .predicates import user_affiliations

MAX_UPLOAD_BYTES = sheets.MAX_UPLOAD_BYTES
MAX_ROWS = 5000
ERROR_SAMPLE_LEN = 40
IMPORT_BATCH = 500  # rows per bulk insert at confirm
WORKER_ROWS = 200  # longer lists are imported by the worker (confirm_import_later)
PROGRESS_EVERY = 100  # rows between progress reports
IMPORT_JOB = "network.import"

# (field, export header, accepted headers). Headers compare without spaces, "_", "-", "*", "·",
# a bracketed note such as "(필수)", and case.
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("name", "단체명", ("단체명", "단체이름", "단체", "name", "organisation", "organization")),
    ("kind", "유형", ("유형", "단체유형", "kind", "type")),
    ("legal_form", "법적형태", ("법적형태", "legal_form")),
    ("issue_areas", "의제", ("의제", "분야", "issue_areas")),
    ("dongs", "활동동", ("활동동", "활동행정동", "행정동", "dongs", "dong")),
    ("founded_year", "설립연도", ("설립연도", "설립년도", "founded_year")),
    ("member_count", "회원수", ("회원수", "member_count", "members")),
    ("description", "소개", ("소개", "설명", "description")),
    ("website", "웹사이트", ("웹사이트", "홈페이지", "website", "url")),
    ("contact_email", "이메일", ("이메일", "연락이메일", "contact_email", "email")),
    ("contact_phone", "전화", ("전화", "전화번호", "연락전화", "contact_phone", "phone")),
    ("address", "주소", ("주소", "address")),
]
FIELDS = [field for field, _header, _aliases in COLUMNS]
HEADERS = {field: header for field, header, _aliases in COLUMNS}
CONTACT_FIELDS = ("contact_email", "contact_phone", "address")
TEXT_LIMITS = {"contact_phone": 30, "address": 200, "description": 5000}

XLSX_CONTENT_TYPE = sheets.XLSX_CONTENT_TYPE
CSV_CONTENT_TYPE = sheets.CSV_CONTENT_TYPE
escape_cell = sheets.escape_cell

_LIST_SEPARATORS = re.compile(r"[,;/\n]+")
_DATE = re.compile(r"(\d{4})[-./]\d{1,2}[-./]\d{1,2}(?: .*)?")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_EMPTY_MARKERS = {"-", "–", "—"}


def _key(text: str) -> str:
    """Compare names without case or whitespace: '마포 공동체' and '마포공동체 ' are one name."""
    return "".join(normalize(str(text)).split()).casefold()


_HEADER_FIELDS = sheets.header_aliases((field, aliases) for field, _header, aliases in COLUMNS)


def _require_import(actor, district) -> None:
    if not actor.has_perm("network.import_organisations", district):
        raise DomainError(_("단체 명단을 가져올 권한이 없습니다."), code="forbidden")


# --- reading files ----------------------------------------------------------------------------------


def parse_upload(*, filename: str, raw: bytes) -> list[list[str]]:
    """The first sheet of a .csv or .xlsx file as rows of stripped text (line n is item n - 1).

    Formula cells read as formulas, so the check below refuses them. See `core.spreadsheets.read_table`."""
    return sheets.read_table(
        filename=filename, raw=raw, max_rows=MAX_ROWS, max_bytes=MAX_UPLOAD_BYTES, formulas=True
    )


# --- checking rows ----------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    items: list[str] = []
    for item in _LIST_SEPARATORS.split(value):
        item = item.strip()
        if item and item not in items:
            items.append(item)
    return items


def _sample(value: str) -> str:
    return value if len(value) <= ERROR_SAMPLE_LEN else value[: ERROR_SAMPLE_LEN - 1] + "…"


class _Lookups:
    """Everything a row is checked against, read once per file."""

    def __init__(self, district):
        self.kinds = self._choices(OrgKind)
        self.legal_forms = self._choices(LegalForm)
        areas = IssueArea.objects.in_district(district)
        # a district's own area wins over a common one with the same name
        self.issue_areas = {
            _key(area.name): area.pk for area in sorted(areas, key=lambda a: a.district_id is not None)
        }
        self.dongs = {
            _key(name): pk for pk, name in Dong.objects.in_district(district).values_list("pk", "name")
        }
        self.existing = _existing_keys(district)
        self.this_year = timezone.localdate().year

    @staticmethod
    def _choices(choices) -> dict[str, str]:
        found = {}
        for language in ("en", "ko"):
            with translation.override(language):
                for value, label in choices.choices:
                    found[_key(str(label))] = value
                    found[_key(str(label).replace("·", ""))] = value
        for value in choices.values:
            found[_key(value)] = value
        return found


def _check_row(values: dict[str, str], lookups: _Lookups, *, line: int, name: str) -> tuple[dict, list[str]]:
    """(row ready for organisation_create, Korean problems) for one data row whose name is checked."""
    problems: list[str] = []
    row: dict = {"line": line, "name": name}

    def problem(message: str, **params) -> None:
        problems.append(message % params if params else message)

    for field in ("kind", "legal_form", "issue_areas", "dongs"):
        row.setdefault(field, [] if field in {"issue_areas", "dongs"} else "")

    for field in FIELDS:
        if field == "name":
            continue
        value = values.get(field, "")
        if value in _EMPTY_MARKERS:
            value = ""
        if sheets.looks_like_formula(value):
            problem(
                _("수식은 넣을 수 없습니다: %(header)s '%(value)s'"),
                header=HEADERS[field],
                value=_sample(value),
            )
            continue
        if field == "kind":
            if not value:
                problem(_("유형이 비어 있습니다."))
            elif _key(value) not in lookups.kinds:
                problem(_("알 수 없는 유형 '%(value)s'입니다."), value=_sample(value))
            else:
                row["kind"] = lookups.kinds[_key(value)]
        elif field == "legal_form":
            if value and _key(value) not in lookups.legal_forms:
                problem(_("알 수 없는 법적형태 '%(value)s'입니다."), value=_sample(value))
            elif value:
                row["legal_form"] = lookups.legal_forms[_key(value)]
        elif field == "issue_areas":
            for name in _split(value):
                if _key(name) in lookups.issue_areas:
                    row["issue_areas"].append(lookups.issue_areas[_key(name)])
                else:
                    problem(_("알 수 없는 의제 '%(value)s'입니다."), value=_sample(name))
        elif field == "dongs":
            for name in _split(value):
                if _key(name) in lookups.dongs:
                    row["dongs"].append(lookups.dongs[_key(name)])
                else:
                    problem(_("'%(value)s'은(는) 이 자치구의 행정동이 아닙니다."), value=_sample(name))
        elif field == "founded_year":
            if value:
                date = _DATE.fullmatch(value)
                try:
                    year = parse_int(date.group(1) if date else value, min=1900, max=lookups.this_year)
                except DomainError:
                    year = None
                if year is None:
                    problem(
                        _("설립연도 '%(value)s'이(가) 올바르지 않습니다 (1900~%(year)d 사이의 연도)."),
                        value=_sample(value),
                        year=lookups.this_year,
                    )
                else:
                    row["founded_year"] = year
        elif field == "member_count":
            if value:
                try:
                    row["member_count"] = parse_int(value, min=0, max=10_000_000)
                except DomainError as error:
                    problem(
                        _("회원수 '%(value)s'이(가) 올바르지 않습니다: %(reason)s"),
                        value=_sample(value),
                        reason=error.message,
                    )
        elif field == "website":
            if value:
                url = value if _SCHEME.match(value) else f"https://{value}"
                try:
                    URLValidator(schemes=["http", "https"])(url)
                    if len(url) > 200:
                        raise ValidationError("too long")
                except ValidationError:
                    problem(_("웹사이트 주소 '%(value)s'이(가) 올바르지 않습니다."), value=_sample(value))
                else:
                    row["website"] = url
        elif field == "contact_email":
            if value:
                try:
                    validate_email(value)
                    if len(value) > 254:
                        raise ValidationError("too long")
                except ValidationError:
                    problem(_("이메일 '%(value)s'이(가) 올바르지 않습니다."), value=_sample(value))
                else:
                    row["contact_email"] = value
        else:  # description, contact_phone, address
            text = value
            limit = TEXT_LIMITS[field]
            if len(text) > limit:
                problem(
                    _("%(header)s이(가) 너무 깁니다 (최대 %(limit)d자)."), header=HEADERS[field], limit=limit
                )
            else:
                row[field] = text

    if not problems:
        # the model's own checks, so confirm cannot fail on something the preview let through
        org = Organisation(**{f: v for f, v in row.items() if f in services.ORG_FIELDS})
        try:
            org.clean_fields(exclude=["district", "created_by"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = HEADERS.get(field, field)
                problems.extend(f"{label}: {message}" for message in messages)
    return row, problems


def _map_header(table: list[list[str]]) -> tuple[int, dict[int, str]]:
    """(index of the header row, {column: field})."""
    index, columns = sheets.map_header(table, _HEADER_FIELDS, labels=HEADERS)
    missing = [HEADERS[f] for f in ("name", "kind") if f not in columns.values()]
    if missing:
        raise DomainError(
            _("첫 줄(머리글)에 %(missing)s 열이 있어야 합니다. 예: 단체명, 유형, 의제, 활동동, 설립연도")
            % {"missing": ", ".join(missing)},
            code="header",
        )
    return index, columns


def preview_import(*, actor, district, filename: str, raw: bytes) -> ImportBatch:
    """Check an uploaded list and store the result for the operator to confirm (nothing imported)."""
    _require_import(actor, district)
    table = parse_upload(filename=filename, raw=raw)
    header_index, columns = _map_header(table)
    lookups = _Lookups(district)
    rows: list[dict] = []
    errors: list[list] = []
    skipped: list[list] = []
    first_line: dict[str, int] = {}
    for index in range(header_index + 1, len(table)):
        cells = table[index]
        if not cells:
            continue
        line = index + 1
        raw = {
            field: sheets.unescape_cell(cells[column]) if column < len(cells) else ""
            for column, field in columns.items()
        }
        # the one cleaning path of forms and the API (core.text), before any check
        values = {field: services.clean_input(field, text) for field, text in raw.items()}
        raw_name = raw.get("name", "").strip()
        if raw_name in _EMPTY_MARKERS:
            raw_name = ""
        if not raw_name:
            errors.append([line, _("단체명이 비어 있습니다.")])
            continue
        name = values.get("name", "")
        if not name:
            errors.append([line, _("단체명에 글자가 없습니다 (HTML 태그는 지워집니다).")])
            continue
        key = _key(name)
        if key in first_line:
            errors.append([line, _("%(line)d행과 단체명이 중복됩니다.") % {"line": first_line[key]}])
            continue
        first_line[key] = line
        if key in lookups.existing:
            skipped.append([line, name])
            continue
        if sheets.looks_like_formula(raw_name) or sheets.looks_like_formula(name):
            errors.append(
                [line, _("수식은 넣을 수 없습니다: 단체명 '%(value)s'") % {"value": _sample(raw_name)}]
            )
            continue
        if len(name) > 100:
            errors.append([line, _("단체명이 너무 깁니다 (최대 100자).")])
            continue
        row, problems = _check_row(values, lookups, line=line, name=name)
        if problems:
            errors.extend([line, message] for message in problems)
            continue
        rows.append(row)
    if not (rows or errors or skipped):
        raise DomainError(
            _("가져올 단체가 없습니다. 머리글 아래에 단체를 한 줄에 하나씩 적어 주세요."), code="empty"
        )
    display_name = services.clean_input("filename", str(filename).replace("\\", "/").rsplit("/", 1)[-1])[:200]
    return ImportBatch.objects.create(
        district=district,
        uploaded_by=actor,
        filename=display_name or "upload",
        rows=rows,
        errors=errors,
        skipped=skipped,
    )


def confirm_import(*, actor, batch: ImportBatch, progress: Callable[[int], None] | None = None) -> int:
    """Create every checked row in one transaction; returns how many organisations were created.

    Each row is checked and cleaned as `services.organisation_create` would (permission, scope,
    clean_text, full_clean), then the organisations, their 의제 and 행정동, their audit entries and
    their search entries are written in bulk, so a 5,000-row list takes a few hundred queries
    rather than a hundred thousand. Names registered since the preview are skipped. If another
    request registers one of the names while this runs, the unique constraint stops the insert and
    the whole import is rolled back (the batch stays open, so confirming again skips that name).
    `progress(rows_checked)` is called every PROGRESS_EVERY rows.
    """
    _check_confirmable(actor, batch)
    district = batch.district
    try:
        with transaction.atomic():
            claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
                status=ImportBatch.Status.CONFIRMED, updated_at=timezone.now()
            )
            if claimed != 1:
                raise DomainError(_("이미 처리한 가져오기입니다."), code="already_processed")
            created = _create_rows(actor=actor, district=district, rows=batch.rows, progress=progress)
            audit_record(
                actor=actor,
                action="update",
                obj=batch,
                district=district,
                before={"status": ImportBatch.Status.PREVIEWED},
                after={"status": ImportBatch.Status.CONFIRMED, "created": created},
            )
    except IntegrityError as exc:
        if _is_duplicate_name(exc):
            raise DomainError(
                _(
                    "가져오는 동안 같은 이름의 단체가 등록되어 아무것도 가져오지 않았습니다. "
                    "다시 확정하면 이미 있는 단체는 건너뜁니다."
                ),
                code="duplicate_organisation",
            ) from exc
        raise DomainError(
            _("가져오는 동안 다른 변경과 겹쳐 아무것도 가져오지 않았습니다. 다시 시도해 주세요."),
            code="conflict",
        ) from exc
    batch.status = ImportBatch.Status.CONFIRMED
    return created


def _check_confirmable(actor, batch: ImportBatch) -> None:
    _require_import(actor, batch.district)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise DomainError(_("이미 처리한 가져오기입니다."), code="already_processed")
    if batch.errors:
        raise DomainError(
            _("오류가 있는 파일은 가져올 수 없습니다. 고친 뒤 다시 올려 주세요."), code="has_errors"
        )


def import_runs_in_worker(batch: ImportBatch) -> bool:
    """Lists longer than WORKER_ROWS are imported by the worker, with progress on the preview page."""
    return len(batch.rows) > WORKER_ROWS


def confirm_import_later(*, actor, batch: ImportBatch) -> Job:
    """Queue `confirm_import` for the worker; returns the Job whose progress the preview page shows.

    The same checks as confirm_import run now, so a refused import fails at once, not in the worker."""
    from .tasks import import_batch_task

    _check_confirmable(actor, batch)
    with transaction.atomic():
        # one job at a time per list: lock the batch row while looking for a running one
        ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
        if jobs.job_active_for(batch) is not None:
            raise DomainError(_("이 목록은 이미 가져오는 중입니다."), code="already_running")
        job = jobs.job_create(
            actor=actor, kind=IMPORT_JOB, district=batch.district, subject=batch, total=len(batch.rows)
        )
        jobs.job_enqueue(job, import_batch_task, batch_id=batch.pk)
    return job


def run_import_job(*, job_id: int, batch_id: int) -> None:
    """The worker's side of confirm_import_later (called by tasks.import_batch_task)."""
    with jobs.job_running(job_id) as job:
        batch = ImportBatch.objects.select_related("district").get(pk=batch_id)
        actor = job.started_by
        if actor is None:
            raise DomainError(_("가져오기를 시작한 사람의 계정이 없습니다."), code="forbidden")
        created = confirm_import(
            actor=actor, batch=batch, progress=lambda processed: jobs.job_progress(job, processed)
        )
        job.result = {"created": created}


def _existing_keys(district) -> set[str]:
    return {_key(name) for name in Organisation.objects.in_district(district).values_list("name", flat=True)}


def _is_duplicate_name(exc: IntegrityError) -> bool:
    text = str(exc)
    # PostgreSQL names the constraint; SQLite names its columns
    return "organisation_unique_name_in_district" in text or "network_organisation.name" in text


def _row_error(line: int, message: str, code: str) -> DomainError:
    return DomainError(_("%(line)d행: %(message)s") % {"line": line, "message": message}, code=code)


def _build_organisation(*, actor, district, row: dict, issue_areas, dongs) -> Organisation:
    """An unsaved organisation from a checked row, cleaned and validated as organisation_create does."""
    services.check_scope(district, dongs=dongs, issue_areas=issue_areas)
    values = {
        field: services.clean_input(field, row[field])
        for field in services.ORG_FIELDS
        if row.get(field) is not None
    }
    if not values.get("name"):
        raise DomainError(_("단체 이름을 입력하세요."), code="required")
    org = Organisation(district=district, created_by=actor, **values)
    # district is the batch's own (checking it would cost a query per row); created_by as in
    # organisation_create; names are checked against the directory above and by the constraint
    org.full_clean(exclude=["created_by", "district"], validate_unique=False, validate_constraints=False)
    return org


def _create_rows(*, actor, district, rows: list[dict], progress=None) -> int:
    """Create the batch's rows (in the caller's transaction); returns how many were created."""
    area_ids = {pk for row in rows for pk in row.get("issue_areas", [])}
    dong_ids = {pk for row in rows for pk in row.get("dongs", [])}
    areas = IssueArea.objects.in_bulk(area_ids)
    dongs = Dong.objects.in_bulk(dong_ids)
    existing = _existing_keys(district)
    organisations: list[Organisation] = []
    links: list[tuple[list[int], list[int]]] = []  # (issue area ids, dong ids) of each organisation
    permitted = False
    for number, row in enumerate(rows, 1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
        key = _key(row["name"])
        if key in existing:
            continue  # registered since the preview
        line = row.get("line", 0)
        try:
            row_areas = [areas[pk] for pk in dict.fromkeys(row.get("issue_areas", []))]
            row_dongs = [dongs[pk] for pk in dict.fromkeys(row.get("dongs", []))]
        except KeyError as exc:
            raise DomainError(
                _("%(line)d행의 의제나 행정동이 그사이 지워졌습니다. 파일을 다시 올려 주세요.")
                % {"line": line},
                code="stale",
            ) from exc
        try:
            if not permitted:  # once: the actor and the district are the same for every row
                require_perm(
                    actor, "network.add_organisation", district, _("단체를 등록하려면 로그인하세요.")
                )
                permitted = True
            org = _build_organisation(
                actor=actor, district=district, row=row, issue_areas=row_areas, dongs=row_dongs
            )
        except DomainError as error:
            raise _row_error(line, error.message, error.code) from error
        except ValidationError as error:
            raise _row_error(line, " ".join(error.messages), "invalid") from error
        existing.add(key)
        organisations.append(org)
        links.append(([area.pk for area in row_areas], [dong.pk for dong in row_dongs]))
    if not organisations:
        return 0

    Organisation.objects.bulk_create(organisations, batch_size=IMPORT_BATCH)  # pks set on both databases
    AreaLink = Organisation.issue_areas.through
    DongLink = Organisation.dongs.through
    AreaLink.objects.bulk_create(
        [
            AreaLink(organisation_id=org.pk, issuearea_id=area_id)
            for org, (org_areas, _org_dongs) in zip(organisations, links, strict=True)
            for area_id in org_areas
        ],
        batch_size=IMPORT_BATCH,
    )
    DongLink.objects.bulk_create(
        [
            DongLink(organisation_id=org.pk, dong_id=dong_id)
            for org, (_org_areas, org_dongs) in zip(organisations, links, strict=True)
            for dong_id in org_dongs
        ],
        batch_size=IMPORT_BATCH,
    )
    _audit_created(actor=actor, district=district, organisations=organisations, links=links)
    search.index_organisations(organisations)
    return len(organisations)


def _audit_created(*, actor, district, organisations: list[Organisation], links) -> None:
    """The entries `audit_record(action="create", after=services._snapshot_org(org))` writes, in bulk."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    object_type = Organisation._meta.label_lower
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor_obj,
                actor_label=str(actor_obj) if actor_obj else "system",
                district=district,
                action=AuditEntry.Action.CREATE,
                object_type=object_type,
                object_id=str(org.pk),
                object_repr=str(org)[:255],
                before=None,
                after={
                    **model_snapshot(org, services.ORG_FIELDS),
                    "issue_areas": sorted(area_ids),
                    "dongs": sorted(dong_ids),
                },
                note="",
            )
            for org, (area_ids, dong_ids) in zip(organisations, links, strict=True)
        ],
        batch_size=IMPORT_BATCH,
    )


def discard_import(*, actor, batch: ImportBatch) -> None:
    """Drop a previewed list. Its rows (with contact details) are not kept."""
    _require_import(actor, batch.district)
    with transaction.atomic():
        discarded = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
            status=ImportBatch.Status.DISCARDED, rows=[], updated_at=timezone.now()
        )
        if discarded != 1:
            raise DomainError(_("이미 처리한 가져오기입니다."), code="already_processed")
        audit_record(
            actor=actor,
            action="update",
            obj=batch,
            district=batch.district,
            before={"status": ImportBatch.Status.PREVIEWED},
            after={"status": ImportBatch.Status.DISCARDED},
        )
    batch.status = ImportBatch.Status.DISCARDED
    batch.rows = []


# --- export -----------------------------------------------------------------------------------------


def export_rows(*, actor, district, queryset) -> tuple[list[str], list[list]]:
    """(headers, rows) of the district's organisations in `queryset`, in import format.

    The contact columns (이메일, 전화, 주소) are filled only for organisations whose contacts the
    actor may see, and left out entirely when that is none of them. Queries: the organisations,
    their issue areas and dongs, and the actor's roles and affiliations (each read once)."""
    organisations = list(queryset.filter(district=district).prefetch_related("issue_areas", "dongs"))
    user_affiliations(actor)  # read once, cached on the user for the per-organisation checks
    with translation.override("ko"):
        kinds = {value: str(label) for value, label in OrgKind.choices}
        legal_forms = {value: str(label) for value, label in LegalForm.choices}
    rows: list[list] = []
    any_contacts = False
    for org in organisations:
        row = [
            org.name,
            kinds.get(org.kind, org.kind),
            legal_forms.get(org.legal_form, org.legal_form),
            ", ".join(area.name for area in org.issue_areas.all()),
            ", ".join(dong.name for dong in org.dongs.all()),
            org.founded_year if org.founded_year is not None else "",
            org.member_count if org.member_count is not None else "",
            org.description,
            org.website,
        ]
        if actor.has_perm("network.view_organisation_contacts", org):
            any_contacts = True
            row += [getattr(org, field) for field in CONTACT_FIELDS]
        else:
            row += ["" for _field in CONTACT_FIELDS]
        rows.append(row)
    headers = [HEADERS[field] for field in FIELDS]
    if not any_contacts:
        width = len(FIELDS) - len(CONTACT_FIELDS)
        headers = headers[:width]
        rows = [row[:width] for row in rows]
    return headers, rows


def export_csv(headers: list[str], rows: list[list]) -> bytes:
    return sheets.csv_bytes(headers, rows)


def export_xlsx(headers: list[str], rows: list[list]) -> bytes:
    return sheets.xlsx_bytes(headers, rows, sheet_title="단체")
