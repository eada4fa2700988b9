"""Demo processes: one sample process with three phases for 강북구 and 마포구 (data in `data/demo.json`).

`load_demo(districts=[…])` is idempotent: a process is keyed on (district, slug) and is left as it is
once it exists. Dates are relative to the day the demo is first loaded, so the sample is always in
progress on a fresh demo.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Phase, Process

DATA = Path(__file__).resolve().parent / "data" / "demo.json"


@cache
def _specs() -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def load(district, *, today: datetime.date | None = None) -> Process | None:
    """Create the district's demo process and phases if it has a spec and they are missing."""
    spec = _specs().get(district.slug)
    if spec is None:
        return None
    today = today or timezone.localdate()

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    with transaction.atomic():
        process, created = Process.objects.get_or_create(
            district=district,
            slug=spec["slug"],
            defaults={
                "kind": spec["kind"],
                "title": spec["title"],
                "description": spec["description"],
                "starts_on": day(spec["start_day"]),
                # the last phase ends at midnight after its last day
                "ends_on": day(spec["end_day"] - 1),
                "is_published": True,
            },
        )
        if created:
            Phase.objects.bulk_create(
                Phase(
                    process=process,
                    name=p["name"],
                    description=p["description"],
                    features=p["features"],
                    starts_at=_midnight(day(p["start_day"])),
                    ends_at=_midnight(day(p["end_day"])),
                    order=i,
                )
                for i, p in enumerate(spec["phases"])
            )
    return process


def load_demo(*, districts) -> list[str]:
    """Idempotent demo loader for the demo-loader registry: `districts` are District objects."""
    lines = []
    for district in districts:
        process = load(district)
        if process is not None:
            lines.append(
                f"{district.name} 참여 과정 데모: '{process.title}' (단계 {process.phases.count()}개)"
            )
    return lines
