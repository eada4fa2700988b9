from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from madang.districts.models import District
from madang.network.search import reindex_district


class Command(BaseCommand):
    help = "네트워크 검색 색인을 다시 만듭니다 (형태소 분석 규칙이 바뀐 뒤). 자치구를 지정하지 않으면 전체."

    def add_arguments(self, parser):
        parser.add_argument("--district", help="자치구 슬러그 (예: gangbuk)")

    def handle(self, *args, district=None, **options):
        districts = District.objects.order_by("code")
        if district:
            districts = districts.filter(slug=district)
            if not districts.exists():
                raise CommandError(f"알 수 없는 자치구입니다: {district}")
        for item in districts:
            with transaction.atomic():
                counts = reindex_district(item)
            if any(counts.values()):
                self.stdout.write(
                    f"{item.name}: 단체 {counts['organisations']}, 활동가 {counts['persons']}, "
                    f"지역자원 {counts['resources']}"
                )
