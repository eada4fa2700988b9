from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from madang.core.services import SYSTEM, DomainError
from madang.districts.services import dong_import_csv


class Command(BaseCommand):
    help = (
        "행정동 CSV (code, name, district_code)를 가져옵니다. "
        "잘못된 행이 하나라도 있으면 아무것도 가져오지 않습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다.")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(f"파일이 없습니다: {path}")
        try:
            report = dong_import_csv(actor=SYSTEM, raw=path.read_bytes(), dry_run=dry_run)
        except DomainError as error:
            raise CommandError(error.message) from error
        if not report.ok:
            for line_no, message in report.errors:
                self.stderr.write(f"{line_no}행: {message}")
            raise CommandError(f"잘못된 행 {len(report.errors)}개 — 아무것도 가져오지 않았습니다.")
        verb = "검사 결과" if dry_run else "가져옴"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: 새로 {report.created}개, 변경 {report.updated}개, 그대로 {report.unchanged}개"
            )
        )
