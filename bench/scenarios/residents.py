"""Bench scenario of the residents app: a budgeting cycle with a large registry extract, verified
residents, committee applicants and a published draw; hot pages are the public draw result, the
residents' process page, the operator's registry page and the draws API.

Registry rows get random 64-hex keys (no HMAC is computed: the pages never hash, and the bench runs
with production settings, where the HMAC secret must come from the environment).
"""

from __future__ import annotations

import datetime
import secrets

SLUG = "budget-bench"
REGISTRY_ROWS = 100_000
APPLICANTS = 2_000
COMMITTEE = 120


def _scaled(count: int, scale: float, minimum: int) -> int:
    return max(minimum, int(count * scale))


def build(args, *, district, operator) -> None:
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from madang.core.services import SYSTEM
    from madang.districts.models import Dong
    from madang.residents import services, sortition
    from madang.residents.models import (
        AgeBand,
        Applicant,
        Draw,
        RegistryEntry,
        RegistryImport,
        ResidentVerification,
    )

    scale = float(getattr(args, "scale", 1.0) or 1.0)
    Process = apps.get_model("processes", "Process")
    today = timezone.localdate()
    process, _created = Process.objects.get_or_create(
        district=district,
        slug=SLUG,
        defaults={
            "kind": "budgeting",
            "title": "벤치 주민참여예산",
            "starts_on": today - datetime.timedelta(days=30),
            "ends_on": today + datetime.timedelta(days=60),
            "is_published": True,
        },
    )
    dongs = list(Dong.objects.in_district(district))
    if not dongs:
        dongs = [
            Dong.objects.create(district=district, code=f"{district.code}{i:05d}", name=f"벤치{i}동")
            for i in range(10)
        ]
    batch = RegistryImport.objects.create(district=district, process=process, filename="bench.csv")
    rows = _scaled(REGISTRY_ROWS, scale, 200)
    RegistryEntry.objects.bulk_create(
        (
            RegistryEntry(
                district=district,
                process=process,
                batch=batch,
                identity_key=secrets.token_hex(32),
                dong=dongs[i % len(dongs)],
            )
            for i in range(rows)
        ),
        batch_size=5000,
    )
    User = get_user_model()
    unusable = make_password(None)
    count = _scaled(APPLICANTS, scale, 150)
    users = User.objects.bulk_create(
        [
            User(email=f"bench-resident-{i}@example.kr", display_name=f"벤치주민{i}", password=unusable)
            for i in range(count)
        ],
        batch_size=2000,
    )
    bands = [AgeBand.YOUNG, AgeBand.MIDDLE, AgeBand.SENIOR]
    births = [datetime.date(1995, 1, 1), datetime.date(1975, 1, 1), datetime.date(1955, 1, 1)]
    ResidentVerification.objects.bulk_create(
        (
            ResidentVerification(
                district=district,
                process=process,
                user=user,
                identity_key=secrets.token_hex(32),
                dong=dongs[i % len(dongs)],
                birth_date=births[i % 3],
                method=ResidentVerification.Method.REGISTRY,
            )
            for i, user in enumerate(users)
        ),
        batch_size=2000,
    )
    Applicant.objects.bulk_create(
        (
            Applicant(
                district=district,
                process=process,
                user=user,
                public_number=i + 1,
                sex="FM"[i % 2],
                age_band=bands[i % 3],
                dong=dongs[(i * 7) % len(dongs)],
                vulnerable=i % 6 == 0,
            )
            for i, user in enumerate(users)
        ),
        batch_size=2000,
    )
    n = min(COMMITTEE, count // 2)
    draw = services.draw_create(
        actor=SYSTEM,
        process=process,
        title="벤치 위원 추첨",
        n=n,
        seed=secrets.token_hex(32),
        quotas={
            "max_per_dong": max(1, -(-n // len(dongs)) + 2),
            "sex_balance": True,
            "age_bands_equal": True,
            "vulnerable_min_percent": 15,
        },
    )
    services.draw_run(actor=SYSTEM, draw=draw)
    services.draw_publish(actor=SYSTEM, draw=draw)
    Draw.objects.filter(pk=draw.pk).update(title="벤치 위원 추첨 (공개)")
    assert sortition.ALGORITHM  # the module is importable in the bench environment


def urls(ctx) -> list[dict]:
    from madang.residents.models import Draw

    slug = ctx.district.slug
    draw = Draw.objects.filter(process__slug=SLUG, district=ctx.district, status="published").first()
    operator_cookie = ctx.login(ctx.operator)
    pages = [
        {
            "label": "residents process page",
            "path": f"/{slug}/residents/{SLUG}/",
            "kind": "html",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "residents registry (operator)",
            "path": f"/{slug}/residents/{SLUG}/registry/",
            "kind": "html",
            "who": "operator",
            "cookie": operator_cookie,
        },
        {
            "label": "residents applicants (operator)",
            "path": f"/{slug}/residents/{SLUG}/applicants/",
            "kind": "html",
            "who": "operator",
            "cookie": operator_cookie,
        },
        {
            "label": "residents draws API",
            "path": f"/api/v1/{slug}/residents/draws/",
            "kind": "api",
            "who": "anonymous",
            "cookie": None,
        },
    ]
    if draw is not None:
        pages += [
            {
                "label": "draw result",
                "path": f"/{slug}/residents/draws/{draw.pk}/",
                "kind": "html",
                "who": "anonymous",
                "cookie": None,
            },
            {
                "label": "draw re-run check",
                "path": f"/{slug}/residents/draws/{draw.pk}/verify/",
                "kind": "html",
                "who": "anonymous",
                "cookie": None,
            },
        ]
    return pages
