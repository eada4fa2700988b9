"""Projects of a cycle as a spreadsheet (CSV / XLSX through `core.spreadsheets`)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

HEADERS = (
    ("id", "번호"),
    ("heading", "예산 구분"),
    ("title", "사업명"),
    ("dong", "행정동"),
    ("location", "사업 위치"),
    ("cost", "사업비(원)"),
    ("revised_cost", "조정 사업비(원)"),
    ("status", "상태"),
    ("review_total", "심사 점수"),
    ("progress", "집행률(%)"),
    ("proposer", "제안자"),
    ("created_at", "접수일"),
)


def project_rows(queryset) -> tuple[list[str], list[list]]:
    """Header and rows of the projects (withdrawn ones included for the staff who export)."""
    headers = [_(label) for _key, label in HEADERS]
    rows = []
    for p in queryset.iterator(chunk_size=500):
        rows.append(
            [
                p.pk,
                p.heading.name,
                p.title,
                p.dong.name if p.dong_id else "",
                p.location,
                p.cost,
                p.revised_cost,
                p.get_status_display(),
                p.review_total,
                p.progress_percent,
                p.on_behalf_name or (p.author.display_name if p.author_id else ""),
                timezone.localtime(p.created_at).date().isoformat(),
            ]
        )
    return headers, rows
