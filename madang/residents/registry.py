"""What the residents app plugs into the kernel: personal data, metrics, demo data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madang.core import registry


def verifications_export(user) -> list[dict]:
    from .models import ResidentVerification

    return [
        {
            "process": v.process.title,
            "dong": v.dong.name,
            "birth_date": v.birth_date.isoformat(),
            "method": v.method,
            "verified_at": v.verified_at.isoformat(),
        }
        for v in ResidentVerification.objects.filter(user=user).select_related("process", "dong")
    ]


def verifications_erase(user) -> None:
    from .models import ResidentVerification

    ResidentVerification.objects.filter(user=user).delete()


def applications_export(user) -> list[dict]:
    from .models import Applicant

    return [
        {
            "process": a.process.title,
            "public_number": a.public_number,
            "sex": a.sex,
            "age_band": a.age_band,
            "dong": a.dong.name,
            "vulnerable": a.vulnerable,
            "applied_at": a.created_at.isoformat(),
        }
        for a in Applicant.objects.filter(user=user).select_related("process", "dong")
    ]


def applications_erase(user) -> None:
    """The application goes; a published draw keeps only its anonymous public number and attributes."""
    from .models import Applicant

    Applicant.objects.filter(user=user).delete()


def _range(start, end):
    import datetime
    from zoneinfo import ZoneInfo

    from django.conf import settings

    tz = ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


def verified_count(district, start, end) -> int:
    """Verifications made within the range (Asia/Seoul days) in the district."""
    from .models import ResidentVerification

    since, until = _range(start, end)
    return (
        ResidentVerification.objects.in_district(district)
        .filter(verified_at__gte=since, verified_at__lt=until)
        .count()
    )


def applicants_count(district, start, end) -> int:
    from .models import Applicant

    since, until = _range(start, end)
    return Applicant.objects.in_district(district).filter(created_at__gte=since, created_at__lt=until).count()


def register() -> None:
    registry.register_personal_data(
        "resident_verifications", export=verifications_export, erase=verifications_erase
    )
    registry.register_personal_data(
        "committee_applications", export=applications_export, erase=applications_erase
    )
    registry.register_metric("residents.verified", label=_("주민 확인 수"), unit="명", compute=verified_count)
    registry.register_metric(
        "residents.applicants", label=_("추첨 위원 신청자 수"), unit="명", compute=applicants_count
    )
    from .demo import load_demo

    # after the budgeting app's loader, which creates the cycle `budget-2026`
    registry.register_demo_loader("residents", load_demo, order=900)
