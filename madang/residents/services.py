"""Writes of the residents app, and the public interface budgeting uses:

    identity_key(*, name, birth_date, dong_name) -> str
        the keyed hash of a person (see `identity.py`); for offline ballots an operator enters the
        voter's registry data and budgeting records the key, so nobody votes twice online and offline
        (a ballot row unique on (process, identity_key) does it in the database).
    identity_in_registry(*, process, key) -> bool
        whether the registry extract of `process` holds `key`.
    registry_dong_of(process, key) -> Dong | None
        the 행정동 of the registry row of `key` (None when not in the registry).

Registry extract: `registry_import` reads a CSV/XLSX (이름, 생년월일, 행정동), checks every row and stores
all of them or none (row-by-row Korean report in `RegistryImportError.rows`). Verification:
`verification_claim` (the person, rate-limited, neutral message on no match), `verification_in_person`
(an operator, with a note), `verification_revoke`. One identity verifies at most one account per
process (database unique constraint on (process, identity_key)).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from madang.core import spreadsheets
from madang.core.models import AuditEntry
from madang.core.ratelimit import rate_limit
from madang.core.services import (
    DomainError,
    audit_record,
    model_snapshot,
    model_update,
    notify,
    require_perm,
    transition,
    validate_model,
)
from madang.core.tenancy import ensure_in_district
from madang.districts.models import Dong

from . import sortition
from .identity import hmac_key, key_from_parts, normalize_name, parse_birth_date
from .identity import identity_key as _identity_key
from .models import Applicant, Draw, RegistryEntry, RegistryImport, ResidentVerification, Sex, age_band_of
from .predicates import forget_verification
from .selectors import age_on, applications_open

MAX_REGISTRY_ROWS = 200_000
MAX_REGISTRY_BYTES = 10 * 1024 * 1024  # 200,000 rows of Korean names, dates and dongs are about 7 MB
MAX_REPORTED_ERRORS = 200
VERIFY_LIMIT = (5, 3600)  # tries per person per hour (guessing defence)
IMPORT_LIMIT = (30, 3600)  # uploads per operator per hour
BULK_BATCH = 5000

REGISTRY_COLUMNS = (
    ("name", ("이름", "성명", "name")),
    ("birth_date", ("생년월일", "생일", "birth_date", "birthdate", "date_of_birth")),
    ("dong", ("행정동", "동", "주소동", "dong")),
)
REGISTRY_LABELS = {"name": "이름", "birth_date": "생년월일", "dong": "행정동"}


# --- the interface -------------------------------------------------------------------------------------


def identity_key(*, name: str, birth_date, dong_name: str) -> str:
    """The keyed hash of a person's name, birth date and 행정동 (64 hex digits). DomainError on bad input."""
    return _identity_key(name=name, birth_date=birth_date, dong_name=dong_name)


def identity_in_registry(*, process, key: str) -> bool:
    return RegistryEntry.objects.filter(process_id=process.pk, identity_key=str(key)[:64]).exists()


def registry_dong_of(process, key: str):
    entry = (
        RegistryEntry.objects.select_related("dong")
        .filter(process_id=process.pk, identity_key=str(key)[:64])
        .first()
    )
    return entry.dong if entry else None


# --- the registry extract ------------------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    message: str


class RegistryImportError(DomainError):
    """The extract was refused; `rows` says which lines were wrong and why (nothing was stored)."""

    def __init__(self, message: str, rows: list[RowError], total_errors: int):
        super().__init__(message, code="invalid_rows")
        self.rows = rows
        self.total_errors = total_errors


@dataclass
class ImportReport:
    batch: RegistryImport
    added: int
    skipped: int
    duplicates_in_file: int = 0
    by_dong: dict = field(default_factory=dict)


def _dongs_by_name(district_id) -> dict[str, Dong]:
    return {normalize_name(d.name): d for d in Dong.objects.in_district(district_id)}


def registry_import(*, actor, process, filename: str, raw: bytes) -> ImportReport:
    """Store the extract's people as keyed hashes with their 행정동: every row, or none.

    Rows already in the process's registry are skipped (so a corrected file can be uploaded again);
    a person twice in the file counts once. Raises `RegistryImportError` listing wrong rows."""
    require_perm(actor, "residents.manage_registry", process, _("주민 명부를 올릴 권한이 없습니다."))
    rate_limit(f"residents-import:user:{getattr(actor, 'pk', 'system')}", *IMPORT_LIMIT)
    table = spreadsheets.read_table(
        filename=filename, raw=raw, max_rows=MAX_REGISTRY_ROWS, max_bytes=MAX_REGISTRY_BYTES
    )
    header_index, columns = spreadsheets.map_header(
        table, spreadsheets.header_aliases(REGISTRY_COLUMNS), labels=REGISTRY_LABELS
    )
    missing = [REGISTRY_LABELS[f] for f, _aliases in REGISTRY_COLUMNS if f not in columns.values()]
    if missing:
        raise DomainError(
            _("머리글에 %(columns)s 열이 없습니다. 첫 행에 이름, 생년월일, 행정동을 적어 주세요.")
            % {"columns": ", ".join(missing)},
            code="header",
        )
    dongs = _dongs_by_name(process.district_id)
    secret = hmac_key()
    keys: dict[str, Dong] = {}
    errors: list[RowError] = []
    error_count = 0
    duplicates = 0
    dong_cells: dict[str, tuple[Dong | None, str]] = {}  # the 행정동 column repeats: normalise once
    for index in range(header_index + 1, len(table)):
        cells = table[index]
        if not cells:
            continue
        row = {name: (cells[col] if col < len(cells) else "") for col, name in columns.items()}
        line = index + 1
        problems = []
        name_part = normalize_name(row["name"])
        if not name_part:
            problems.append(_("이름이 비어 있습니다."))
        elif len(row["name"]) > 100:
            problems.append(_("이름이 너무 깁니다."))
        birth = None
        try:
            birth = parse_birth_date(spreadsheets.unescape_cell(row["birth_date"]))
        except DomainError as error:
            problems.append(error.message)
        cell = row["dong"]
        if cell not in dong_cells:
            dong_part = normalize_name(cell)
            dong_cells[cell] = (dongs.get(dong_part), dong_part)
        dong, dong_part = dong_cells[cell]
        if dong is None:
            problems.append(
                _("'%(dong)s'은(는) 이 자치구의 행정동이 아닙니다.") % {"dong": cell[:30]}
                if cell
                else _("행정동이 비어 있습니다.")
            )
        if problems:
            error_count += 1
            if len(errors) < MAX_REPORTED_ERRORS:
                errors.append(RowError(line, " ".join(problems)))
            continue
        key = key_from_parts(secret, name_part, birth, dong_part)  # dong_part is how the 행정동 matched
        if key in keys:
            duplicates += 1
            continue
        keys[key] = dong
    if error_count:
        raise RegistryImportError(
            _("%(n)d개 행에 문제가 있어 아무것도 저장하지 않았습니다. 고친 뒤 다시 올려 주세요.")
            % {"n": error_count},
            errors,
            error_count,
        )
    if not keys:
        raise DomainError(_("명부에 사람이 한 명도 없습니다."), code="empty")
    with transaction.atomic():
        # one import of a process at a time (a row lock on the process on PostgreSQL), so the rows
        # found missing here are still missing when they are copied in
        type(process)._default_manager.select_for_update().filter(pk=process.pk).first()
        present = RegistryEntry.objects.filter(process_id=process.pk)
        if len(keys) <= 10_000:
            present = present.filter(identity_key__in=list(keys))
        existing = set(present.values_list("identity_key", flat=True))
        new = {k: d for k, d in keys.items() if k not in existing}
        batch = RegistryImport.objects.create(
            district_id=process.district_id,
            process=process,
            filename=str(filename)[:200],
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _insert_entries(process, batch, new)
        added = len(new)
        batch.rows_added = added
        batch.rows_skipped = len(keys) - added
        batch.save(update_fields=["rows_added", "rows_skipped"])
        by_dong: dict[str, int] = {}
        for dong in new.values():
            by_dong[dong.name] = by_dong.get(dong.name, 0) + 1
        audit_record(
            actor=actor,
            action=AuditEntry.Action.IMPORT,
            obj=batch,
            after={"rows_added": added, "rows_skipped": batch.rows_skipped, "process": process.pk},
            note=_("주민 명부 %(n)d명 추가") % {"n": added},
        )
    return ImportReport(
        batch=batch, added=added, skipped=batch.rows_skipped, duplicates_in_file=duplicates, by_dong=by_dong
    )


def _insert_entries(process, batch: RegistryImport, new: dict) -> None:
    """Insert the registry rows: COPY on PostgreSQL (200,000 rows in about a second), bulk_create
    elsewhere. Runs in the caller's transaction, after the process row was locked."""
    if connection.vendor == "postgresql":
        meta = RegistryEntry._meta
        quote = connection.ops.quote_name
        names = ("district", "process", "batch", "identity_key", "dong")
        columns = ", ".join(quote(meta.get_field(name).column) for name in names)
        sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for key, dong in new.items():
                copy.write_row((process.district_id, process.pk, batch.pk, key, dong.pk))
        return
    RegistryEntry.objects.bulk_create(
        (
            RegistryEntry(
                district_id=process.district_id, process=process, batch=batch, identity_key=k, dong=d
            )
            for k, d in new.items()
        ),
        batch_size=BULK_BATCH,
    )


def registry_clear(*, actor, process) -> int:
    """Delete the process's registry extract (verifications made with it stay)."""
    require_perm(actor, "residents.manage_registry", process, _("주민 명부를 지울 권한이 없습니다."))
    with transaction.atomic():
        count = RegistryEntry.objects.filter(process_id=process.pk).count()
        batches = list(RegistryImport.objects.filter(process_id=process.pk))
        for batch in batches:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.DELETE,
                obj=batch,
                before={"rows_added": batch.rows_added},
                note=_("주민 명부 삭제"),
            )
        RegistryImport.objects.filter(process_id=process.pk).delete()
    return count


# --- verification --------------------------------------------------------------------------------------


NO_MATCH = gettext_noop(
    "입력한 정보를 확인할 수 없습니다. 주민등록상의 이름, 생년월일, 행정동을 다시 확인해 주세요."
)


def _dong_named(process, dong) -> Dong | None:
    if isinstance(dong, Dong):
        ensure_in_district(process.district_id, dong)
        return dong
    return _dongs_by_name(process.district_id).get(normalize_name(dong))


def _save_verification(verification: ResidentVerification, *, actor) -> ResidentVerification:
    try:
        with transaction.atomic():
            verification.save(force_insert=True)
            audit_record(
                actor=actor,
                action=AuditEntry.Action.VERIFY,
                obj=verification,
                after=model_snapshot(verification, ["user", "dong", "method", "verified_by", "note"]),
                note=verification.note,
            )
    except IntegrityError as error:
        if ResidentVerification.objects.filter(
            process_id=verification.process_id, user_id=verification.user_id
        ).exists():
            raise DomainError(
                _("이 계정은 이미 이 참여 과정의 주민으로 확인되었습니다."), code="duplicate_verification"
            ) from error
        raise DomainError(
            _("이 주민 정보로 이미 다른 계정이 확인되었습니다. 본인이 아니라면 운영진에게 문의해 주세요."),
            code="duplicate_identity",
        ) from error
    forget_verification(verification.user)
    return verification


def verification_claim(*, actor, process, name: str, birth_date, dong) -> ResidentVerification:
    """The person verifies themselves against the registry extract (5 tries an hour).

    A match stores their verification (key, 행정동 of the registry row, the birth date they entered);
    no match (or a 행정동 not of the district) gets one neutral message."""
    require_perm(actor, "residents.verify_self", process, _("주민 확인을 할 수 없습니다."))
    rate_limit(
        f"residents-verify:user:{actor.pk}",
        *VERIFY_LIMIT,
        message=_("주민 확인 시도가 너무 많습니다. 1시간 뒤에 다시 시도하거나 운영진에게 문의해 주세요."),
    )
    day = parse_birth_date(birth_date)
    dong_row = _dong_named(process, dong)
    if dong_row is None:
        raise DomainError(_(NO_MATCH), code="no_match")
    key = _identity_key(name=name, birth_date=day, dong_name=dong_row.name)
    entry = (
        RegistryEntry.objects.filter(process_id=process.pk, identity_key=key).select_related("dong").first()
    )
    if entry is None:
        raise DomainError(_(NO_MATCH), code="no_match")
    verification = ResidentVerification(
        district_id=process.district_id,
        process=process,
        user=actor,
        identity_key=key,
        dong=entry.dong,
        birth_date=day,
        method=ResidentVerification.Method.REGISTRY,
    )
    return _save_verification(verification, actor=actor)


def verification_in_person(
    *, actor, process, user, name: str, birth_date, dong, note: str
) -> ResidentVerification:
    """An operator verifies a person who showed proof of residence in person (note required).

    The key is made from what the operator entered, so the same identity cannot also verify another
    account online; the person need not be in the registry extract (e.g. moved in after it)."""
    require_perm(actor, "residents.verify_in_person", process, _("방문 주민 확인을 할 권한이 없습니다."))
    note = (note or "").strip()
    if not note:
        raise DomainError(_("확인한 신분증·서류를 메모에 적어 주세요."), code="invalid")
    day = parse_birth_date(birth_date)
    dong_row = _dong_named(process, dong)
    if dong_row is None:
        raise DomainError(_("이 자치구의 행정동을 골라 주세요."), code="out_of_district")
    key = _identity_key(name=name, birth_date=day, dong_name=dong_row.name)
    verification = ResidentVerification(
        district_id=process.district_id,
        process=process,
        user=user,
        identity_key=key,
        dong=dong_row,
        birth_date=day,
        method=ResidentVerification.Method.IN_PERSON,
        verified_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note[:500],
    )
    return _save_verification(verification, actor=actor)


def verification_revoke(*, actor, verification: ResidentVerification, reason: str) -> None:
    """An operator withdraws a verification (a wrong match, a complaint); the reason is audited."""
    process = verification.process
    require_perm(actor, "residents.verify_in_person", process, _("주민 확인을 취소할 권한이 없습니다."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("취소하는 까닭을 적어 주세요."), code="invalid")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.REVOKE,
            obj=verification,
            before=model_snapshot(verification, ["user", "dong", "method"]),
            note=reason[:500],
        )
        deleted, _rows = ResidentVerification.objects.filter(pk=verification.pk).delete()
        if not deleted:
            raise DomainError(_("이미 취소된 주민 확인입니다."), code="conflict")
    forget_verification(verification.user)


# --- committee applications ----------------------------------------------------------------------------

APPLY_LIMIT = (10, 86400)


def _closed_by_draw(process) -> bool:
    return not applications_open(process)


def _lock_process(process):
    """Serialise numbering of one process's applicants (a row lock on the process on PostgreSQL)."""
    return type(process)._default_manager.select_for_update().filter(pk=process.pk).first()


def applicant_apply(*, actor, process, sex: str, vulnerable: bool) -> Applicant:
    """A verified resident applies for the committee drawn by lot. The 행정동 and age band come from the
    verification (age on the day of applying); sex and vulnerable group are self-declared."""
    require_perm(
        actor,
        "residents.apply_committee",
        process,
        _("이 참여 과정의 주민 확인을 마친 분만 위원에 신청할 수 있습니다."),
    )
    if sex not in Sex.values:
        raise DomainError(_("성별을 골라 주세요."), code="invalid")
    rate_limit(f"residents-apply:user:{actor.pk}", *APPLY_LIMIT)
    if _closed_by_draw(process):
        raise DomainError(_("추첨이 끝나 더 신청할 수 없습니다."), code="applications_closed")
    verification = ResidentVerification.objects.get(process_id=process.pk, user_id=actor.pk)
    age = age_on(verification, timezone.localdate())
    try:
        with transaction.atomic():
            _lock_process(process)
            last = Applicant.objects.filter(process_id=process.pk).aggregate(m=Max("public_number"))["m"] or 0
            applicant = Applicant(
                district_id=process.district_id,
                process=process,
                user=actor,
                public_number=last + 1,
                sex=sex,
                age_band=age_band_of(age),
                dong_id=verification.dong_id,
                vulnerable=bool(vulnerable),
            )
            applicant.save(force_insert=True)
            audit_record(
                actor=actor,
                action=AuditEntry.Action.APPLY,
                obj=applicant,
                after=model_snapshot(applicant, ["public_number", "sex", "age_band", "dong", "vulnerable"]),
            )
    except IntegrityError as error:
        raise DomainError(_("이미 위원에 신청했습니다."), code="duplicate_application") from error
    return applicant


def applicant_withdraw(*, actor, applicant: Applicant) -> None:
    """The applicant (or staff) withdraws the application before the draw."""
    process = applicant.process
    if not (
        getattr(actor, "pk", None) == applicant.user_id or actor.has_perm("residents.manage_draw", process)
    ):
        raise DomainError(_("다른 사람의 신청은 취소할 수 없습니다."), code="forbidden")
    if _closed_by_draw(process):
        raise DomainError(_("추첨이 끝나 신청을 취소할 수 없습니다."), code="applications_closed")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.LEAVE,
            obj=applicant,
            before=model_snapshot(applicant, ["public_number", "user"]),
        )
        Applicant.objects.filter(pk=applicant.pk).delete()


# --- draws ---------------------------------------------------------------------------------------------

DRAW_LIMIT = (30, 3600)
PUBLISHED_IMMUTABLE = gettext_noop("공개된 추첨은 바꿀 수 없습니다. 필요하면 새 추첨을 만드세요.")


def _require_draw_staff(actor, process) -> None:
    require_perm(actor, "residents.manage_draw", process, _("위원 추첨을 관리할 권한이 없습니다."))


def _check_params(*, seed: str, n, quotas) -> sortition.Quotas:
    """The parameters' own checks (the pool is frozen and checked when the draw runs)."""
    quotas = quotas if isinstance(quotas, sortition.Quotas) else sortition.Quotas.from_dict(quotas)
    sortition.validate_params(seed=seed, n=n, quotas=quotas)
    return quotas


def new_seed() -> str:
    """64 hex digits from the operating system's randomness (operators may enter their own instead,
    e.g. the digest of numbers drawn in public at the ceremony)."""
    import secrets

    return secrets.token_hex(32)


def draw_create(*, actor, process, title: str, n: int, seed: str, quotas: dict) -> Draw:
    _require_draw_staff(actor, process)
    rate_limit(f"residents-draw:user:{getattr(actor, 'pk', 'system')}", *DRAW_LIMIT)
    quotas = _check_params(seed=seed, n=n, quotas=quotas)
    draw = Draw(
        district_id=process.district_id,
        process=process,
        title=title,
        seed=seed,
        n=n,
        quotas=quotas.to_dict(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    validate_model(draw)
    with transaction.atomic():
        draw.save(force_insert=True)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=draw,
            after=model_snapshot(draw, ["title", "seed", "n", "quotas"]),
        )
    return draw


DRAW_FIELDS = ("title", "seed", "n", "quotas")


def draw_update(*, actor, draw: Draw, data: dict) -> Draw:
    """Change a draft's parameters; a drawn or published draw refuses (conflict)."""
    _require_draw_staff(actor, draw.process)
    data = dict(data)
    quotas = _check_params(
        seed=data.get("seed", draw.seed), n=data.get("n", draw.n), quotas=data.get("quotas", draw.quotas)
    )
    if "quotas" in data:
        data["quotas"] = quotas.to_dict()
    with transaction.atomic():
        locked = Draw.objects.select_for_update().get(pk=draw.pk)
        if locked.status != Draw.Status.DRAFT:
            raise DomainError(_(PUBLISHED_IMMUTABLE), code="conflict")
        model_update(instance=draw, fields=DRAW_FIELDS, data=data, actor=actor)
    return draw


def draw_delete(*, actor, draw: Draw) -> None:
    """Delete a draft (a run draw stays, so every run can be accounted for)."""
    _require_draw_staff(actor, draw.process)
    with transaction.atomic():
        audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=draw, before=model_snapshot(draw))
        deleted, _rows = Draw.objects.filter(pk=draw.pk, status=Draw.Status.DRAFT).delete()
        if not deleted:
            raise DomainError(_("실행한 추첨은 삭제할 수 없습니다."), code="conflict")


def pool_of(process) -> list[dict]:
    """The applicant pool as published: public number and attributes, nothing that names a person."""
    return [
        {
            "number": a.public_number,
            "sex": a.sex,
            "age_band": a.age_band,
            "dong": a.dong.name,
            "vulnerable": a.vulnerable,
        }
        for a in Applicant.objects.filter(process_id=process.pk)
        .select_related("dong")
        .order_by("public_number")
    ]


def draw_run(*, actor, draw: Draw) -> Draw:
    """Freeze the pool and run the published algorithm with the draft's seed and quotas.
    draft → drawn (conditional UPDATE: of two clicks, one runs). Applications close."""
    process = draw.process
    _require_draw_staff(actor, process)
    pool = pool_of(process)
    quotas = sortition.Quotas.from_dict(draw.quotas)
    result = sortition.draw(sortition.candidates_from(pool), seed=draw.seed, n=draw.n, quotas=quotas)
    transition(
        draw,
        source=Draw.Status.DRAFT,
        target=Draw.Status.DRAWN,
        actor=actor,
        values={
            "pool": pool,
            "result": result.selected,
            "unmet": result.unmet,
            "drawn_at": timezone.now(),
        },
        action=AuditEntry.Action.TRANSITION,
        note=_("신청자 %(pool)d명 중 %(n)d명 추첨") % {"pool": len(pool), "n": draw.n},
        message=_("이미 실행했거나 상태가 바뀐 추첨입니다."),
    )
    return draw


def draw_publish(*, actor, draw: Draw) -> Draw:
    """drawn → published: the seed, parameters, pool and result become public and never change.
    Every selected applicant still holding their number is told in the site (and by e-mail)."""
    _require_draw_staff(actor, draw.process)
    with transaction.atomic():
        transition(
            draw,
            source=Draw.Status.DRAWN,
            target=Draw.Status.PUBLISHED,
            actor=actor,
            values={"published_at": timezone.now()},
            action=AuditEntry.Action.PUBLISH,
            message=_("추첨을 실행한 뒤에 공개할 수 있습니다. 이미 공개했을 수도 있습니다."),
        )
        selected = Applicant.objects.filter(
            process_id=draw.process_id, public_number__in=list(draw.result or ())
        ).select_related("user")
        message = _("'%(title)s'에서 위원으로 선정되었습니다.") % {"title": draw.title}
        for applicant in selected:
            notify(
                user=applicant.user,
                message=message,
                url=draw.get_absolute_url(),
                district=draw.district,
                email_subject=_("[마당] 위원 추첨 결과"),
            )
    return draw
