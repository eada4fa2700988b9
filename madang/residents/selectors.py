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

from django.db.models import Count

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


def applicant_list(process):
    return Applicant.objects.filter(process_id=process.pk).select_related("dong").order_by("public_number")


def applicant_count(process) -> int:
    return Applicant.objects.filter(process_id=process.pk).count()


def draw_list(process, *, published_only: bool = False):
    draws = Draw.objects.filter(process_id=process.pk)
    if published_only:
        draws = draws.filter(status=Draw.Status.PUBLISHED)
    return draws.order_by("-created_at", "-pk").defer("pool", "result")
