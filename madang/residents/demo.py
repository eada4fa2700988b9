"""Demo data: a 마포 registry extract (fake names) for the budgeting cycle `budget-2026`, the demo
resident verified against it, 36 demo applicants and a published committee draw.

The budgeting app's demo loader creates the cycle; this loader runs after it (order 900) and skips a
district whose `budget-2026` process does not exist. Idempotent: each step runs only when its rows are
missing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from madang.core.services import SYSTEM

from . import services
from .models import Applicant, Draw, RegistryEntry, ResidentVerification

DATA = Path(__file__).resolve().parent / "demo_data"
PROCESS_SLUG = "budget-2026"
REGISTRY_FILES = {"mapo": "mapo_registry.csv"}
APPLICANTS = 36
DRAW_QUOTAS = {"max_per_dong": 2, "sex_balance": True, "age_bands_equal": True, "vulnerable_min_percent": 15}


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _demo_resident(slug: str):
    return get_user_model().objects.filter(email=f"resident@{slug}.demo.madang.kr").first()


def _applicant_user(slug: str, number: int):
    User = get_user_model()
    email = f"applicant-{number:02d}@{slug}.demo.madang.kr"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            display_name=f"데모 신청자 {number:02d}",
            privacy_consent_at=timezone.now(),
        )
    return user


def load(district) -> list[str]:
    filename = REGISTRY_FILES.get(district.slug)
    if filename is None:
        return []
    Process = apps.get_model("processes", "Process")
    process = Process.objects.in_district(district).filter(slug=PROCESS_SLUG).first()
    if process is None:
        return [f"{district.name} 주민 확인 데모: '{PROCESS_SLUG}' 참여 과정이 없어 건너뜀"]
    path = DATA / filename
    rows = _rows(path)
    lines = []
    if not RegistryEntry.objects.filter(process=process).exists():
        report = services.registry_import(
            actor=SYSTEM, process=process, filename=filename, raw=path.read_bytes()
        )
        lines.append(f"{district.name} 주민 명부 데모: {report.added}명 (이름·생년월일은 HMAC 키로만 저장)")
    resident = _demo_resident(district.slug)
    first = rows[0]
    if (
        resident is not None
        and not ResidentVerification.objects.filter(process=process, user=resident).exists()
    ):
        services.verification_in_person(
            actor=SYSTEM,
            process=process,
            user=resident,
            name=first["이름"],
            birth_date=first["생년월일"],
            dong=first["행정동"],
            note="데모 주민 계정 (명부의 첫 행과 같은 정보)",
        )
        lines.append(f"{district.name} 데모 주민 계정 {resident.email} 주민 확인")
    if (
        not Applicant.objects.filter(process=process).exists()
        and not Draw.objects.filter(process=process).exists()
    ):
        for number, row in enumerate(rows[1 : APPLICANTS + 1], start=1):
            user = _applicant_user(district.slug, number)
            if not ResidentVerification.objects.filter(process=process, user=user).exists():
                services.verification_in_person(
                    actor=SYSTEM,
                    process=process,
                    user=user,
                    name=row["이름"],
                    birth_date=row["생년월일"],
                    dong=row["행정동"],
                    note="데모 신청자",
                )
            if process.is_published:
                services.applicant_apply(
                    actor=user, process=process, sex="FM"[number % 2], vulnerable=number % 6 == 0
                )
        lines.append(
            f"{district.name} 위원 추첨 데모 신청자: {Applicant.objects.filter(process=process).count()}명"
        )
    if (
        not Draw.objects.filter(process=process).exists()
        and Applicant.objects.filter(process=process).count() >= 12
    ):
        seed = hashlib.sha256(f"madang-demo-{district.slug}-2026".encode()).hexdigest()
        draw = services.draw_create(
            actor=SYSTEM,
            process=process,
            title="2026 주민참여예산위원 추첨 (데모)",
            n=12,
            seed=seed,
            quotas=DRAW_QUOTAS,
        )
        services.draw_run(actor=SYSTEM, draw=draw)
        services.draw_publish(actor=SYSTEM, draw=draw)
        lines.append(f"{district.name} 위원 추첨 데모: {draw.n}명 공개 (시드 {seed[:12]}…)")
    return lines


def load_demo(*, districts) -> list[str]:
    lines = []
    for district in districts:
        lines += load(district)
    return lines
