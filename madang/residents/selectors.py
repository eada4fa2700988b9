"""Reads of the residents app. The public interface budgeting uses:

    verification_get(*, user, process) -> ResidentVerification | None
        the person's verification for the process (fields: dong, birth_date, identity_key, method,
        verified_at), one query; None for anonymous people or the unverified.
    age_on(verification, date) -> int
        만 나이 (full years) on `date`, from the birth date the person entered.

Everything else here serves the residents' own pages.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from madang.core.exceptions import DomainError

from . import sortition
from .models import Applicant, Draw, RegistryEntry, RegistryImport, ResidentVerification


def verification_get(*, user, process) -> ResidentVerification | None:
    """The person's verification for `process`, or None (anonymous, unverified)."""
    if user is None or not getattr(user, "is_authenticated", False) or process is None:
        return None
    return (
        ResidentVerification.objects.select_related("dong")
        .filter(process_id=process.pk, user_id=user.pk)
        .first()
    )


def age_on(verification, date: datetime.date) -> int:
    """만 나이 on `date`: full years since the birth date (a 29 February birthday counts on 1 March)."""
    born = verification.birth_date if hasattr(verification, "birth_date") else verification
    if isinstance(date, datetime.datetime):
        date = date.date()
    years = date.year - born.year
    if (date.month, date.day) < (born.month, born.day):
        years -= 1
    return years


def registry_summary(process) -> dict:
    """Counts for the operator's registry page: rows, verified accounts (by method), uploads."""
    rows = RegistryEntry.objects.filter(process_id=process.pk).count()
    by_method = dict(
        ResidentVerification.objects.filter(process_id=process.pk)
        .values_list("method")
        .annotate(n=Count("pk"))
        .values_list("method", "n")
    )
    return {
        "rows": rows,
        "verified": sum(by_method.values()),
        "by_method": by_method,
    }


def registry_imports(process, *, limit: int = 20):
    return list(
        RegistryImport.objects.filter(process_id=process.pk)
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def verification_list(process):
    """The process's verifications (operators' page), newest first; paginate the result."""
    return (
        ResidentVerification.objects.filter(process_id=process.pk)
        .select_related("user", "dong", "verified_by")
        .order_by("-verified_at", "-pk")
    )


def turnout_by_dong(process) -> list[tuple[str, int, int]]:
    """[(행정동, registry rows, verified accounts)] for the process, by dong name (two queries)."""
    rows = dict(
        RegistryEntry.objects.filter(process_id=process.pk)
        .values_list("dong__name")
        .annotate(n=Count("pk"))
        .values_list("dong__name", "n")
    )
    verified = dict(
        ResidentVerification.objects.filter(process_id=process.pk)
        .values_list("dong__name")
        .annotate(n=Count("pk"))
        .values_list("dong__name", "n")
    )
    return [(name, rows.get(name, 0), verified.get(name, 0)) for name in sorted(set(rows) | set(verified))]


def applicant_get(*, user, process) -> Applicant | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Applicant.objects.select_related("dong").filter(process_id=process.pk, user_id=user.pk).first()


def applications_open(process) -> bool:
    """Applications close once a draw of the process has run."""
    return not Draw.objects.filter(
        process_id=process.pk, status__in=[Draw.Status.DRAWN, Draw.Status.PUBLISHED]
    ).exists()


def draws_of_applicant(applicant) -> list[tuple[Draw, bool]]:
    """The published draws of the applicant's process, each with whether the applicant was selected."""
    if applicant is None:
        return []
    draws = Draw.objects.filter(process_id=applicant.process_id, status=Draw.Status.PUBLISHED).order_by(
        "-published_at"
    )
    return [(draw, applicant.public_number in (draw.result or ())) for draw in draws.defer("pool")]


def applicant_list(process):
    return Applicant.objects.filter(process_id=process.pk).select_related("dong").order_by("public_number")


def applicant_count(process) -> int:
    return Applicant.objects.filter(process_id=process.pk).count()


def draw_list(process, *, published_only: bool = False):
    draws = Draw.objects.filter(process_id=process.pk)
    if published_only:
        draws = draws.filter(status=Draw.Status.PUBLISHED)
    return draws.order_by("-created_at", "-pk").defer("pool", "result")


# --- draws: what the result page shows, and the re-run anyone can do ------------------------------------


RECHECK_LIMIT = (30, 3600)  # re-runs with entered parameters, per client address per hour (pages and API)


@dataclass
class Recheck:
    """A draw re-run from its stored pool: `matches` when the list is exactly the stored one."""

    matches: bool
    selected: list[int]
    unmet: list[str]
    differs: list[str]  # the parameters given that are not the draw's own
    error: str = ""


def draw_recheck(draw: Draw, *, seed: str | None = None, n: int | None = None, quotas=None) -> Recheck:
    """Run the draw again with its frozen pool and the given parameters (default: its own). A re-run with
    other parameters shows which differ and, in general, another list."""
    seed = draw.seed if seed is None else seed
    n = draw.n if n is None else n
    quotas_dict = draw.quotas if quotas is None else quotas
    labels = {"seed": _("시드"), "n": _("뽑을 인원"), "quotas": _("할당 조건")}
    differs = []
    if seed != draw.seed:
        differs.append(str(labels["seed"]))
    if n != draw.n:
        differs.append(str(labels["n"]))
    try:
        parsed = sortition.Quotas.from_dict(quotas_dict)
        if parsed.to_dict() != sortition.Quotas.from_dict(draw.quotas).to_dict():
            differs.append(str(labels["quotas"]))
        result = sortition.draw(sortition.candidates_from(draw.pool), seed=seed, n=n, quotas=parsed)
    except DomainError as error:
        return Recheck(matches=False, selected=[], unmet=[], differs=differs, error=error.message)
    return Recheck(
        matches=result.selected == list(draw.result) and result.unmet == list(draw.unmet),
        selected=result.selected,
        unmet=result.unmet,
        differs=differs,
    )


def draw_recheck_cached(draw: Draw) -> Recheck:
    """`draw_recheck(draw)` with its own parameters, kept in the cache for a draw that has run (its pool,
    seed and result never change after that: the key carries the input fingerprint and the result)."""
    if draw.status == Draw.Status.DRAFT:
        return draw_recheck(draw)
    from django.core.cache import cache

    data = draw_public_data(draw)
    result_digest = hashlib.sha256(json.dumps([draw.result, draw.unmet]).encode()).hexdigest()[:16]
    key = f"madang:residents:recheck:{draw.pk}:{data['fingerprint'][:32]}:{result_digest}"
    cached = cache.get(key)
    if cached is None:
        cached = draw_recheck(draw)
        cache.set(key, cached, 7 * 24 * 3600)
    return cached


def draw_public_data(draw: Draw) -> dict:
    """Everything needed to re-run the draw elsewhere (the JSON download)."""
    quotas = sortition.Quotas.from_dict(draw.quotas)
    candidates = sortition.candidates_from(draw.pool)
    return {
        "algorithm": sortition.ALGORITHM,
        "title": draw.title,
        "seed": draw.seed,
        "n": draw.n,
        "quotas": quotas.to_dict(),
        "pool": draw.pool,
        "selected": draw.result,
        "unmet": draw.unmet,
        "fingerprint": sortition.fingerprint(candidates, seed=draw.seed, n=draw.n, quotas=quotas),
        "drawn_at": draw.drawn_at.isoformat() if draw.drawn_at else None,
        "published_at": draw.published_at.isoformat() if draw.published_at else None,
    }


def draw_summary(draw: Draw) -> dict:
    """The chosen members in drawn order with readable attributes, and counts by sex and age band."""
    from .models import AgeBand, Sex

    sexes, bands = dict(Sex.choices), dict(AgeBand.choices)
    chosen = set(draw.result or ())
    order = {number: i for i, number in enumerate(draw.result or ())}
    rows = sorted((row for row in draw.pool if row["number"] in chosen), key=lambda row: order[row["number"]])
    sex_counts = Counter(row["sex"] for row in rows)
    band_counts = Counter(row["age_band"] for row in rows)
    return {
        "rows": [
            {
                "number": row["number"],
                "sex": sexes.get(row["sex"], row["sex"]),
                "age_band": bands.get(row["age_band"], row["age_band"]),
                "dong": row["dong"],
                "vulnerable": bool(row.get("vulnerable")),
            }
            for row in rows
        ],
        "by_sex": [(label, sex_counts.get(code, 0)) for code, label in Sex.choices],
        "by_age_band": [(label, band_counts.get(code, 0)) for code, label in AgeBand.choices],
        "by_dong": sorted(Counter(row["dong"] for row in rows).items()),
        "vulnerable": sum(1 for row in rows if row.get("vulnerable")),
        "unmet": [_(sortition.QUOTA_LABELS.get(name, name)) for name in draw.unmet or ()],
    }
