"""Load the demo: reference data, demo dongs and one account per role for 강북 and 마포, then every
app's registered demo loader (`madang.core.registry.register_demo_loader`) in order.

Idempotent: run it as often as you like; accounts are reset to the demo password.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from madang.accounts.models import Role, RoleAssignment, User
from madang.core.registry import demo_loaders
from madang.core.services import SYSTEM
from madang.districts.models import City, District
from madang.districts.services import dong_import_csv, reference_data_load

DEMO_PASSWORD = "madang-demo-2026"
DEMO_DISTRICTS = ["gangbuk", "mapo"]
DEMO_ROLES = [
    (Role.RESIDENT, "주민", ""),
    (Role.ORG_MEMBER, "활동가", ""),
    (Role.OPERATOR, "운영진", ""),
    (Role.OFFICIAL, "공무원", "자치행정과"),
    (Role.DISTRICT_ADMIN, "구 관리자", ""),
]
DONGS_CSV = Path(__file__).resolve().parents[2] / "data" / "dongs_demo.csv"


def demo_email(slug: str, role: str) -> str:
    return f"{role.replace('_', '-')}@{slug}.demo.madang.kr"


class Command(BaseCommand):
    help = "데모 데이터(자치구, 사업 표, 데모 계정)를 불러옵니다. 여러 번 실행해도 안전합니다."

    def handle(self, *args, **options):
        reference_data_load()
        report = dong_import_csv(actor=SYSTEM, raw=DONGS_CSV.read_bytes())
        accounts = []
        with transaction.atomic():
            for slug in DEMO_DISTRICTS:
                district = District.objects.get(slug=slug)
                for role, label, department in DEMO_ROLES:
                    user = self._account(demo_email(slug, role), f"{district.short_name} {label}")
                    RoleAssignment.objects.get_or_create(
                        user=user, district=district, role=role, defaults={"department": department}
                    )
                    accounts.append((district.name, Role(role).label, user.email))
            city = City.objects.get(slug="seoul")
            admin = self._account("city-admin@seoul.demo.madang.kr", "서울시 관리자", staff=True)
            RoleAssignment.objects.get_or_create(user=admin, city=city, role=Role.CITY_ADMIN)
            accounts.append((city.name, Role.CITY_ADMIN.label, admin.email))
        districts = [District.objects.get(slug=slug) for slug in DEMO_DISTRICTS]
        lines = []
        for loader in demo_loaders():
            lines += loader.load(districts=districts)

        self.stdout.write(
            self.style.SUCCESS(
                f"데모 데이터 준비 완료: 자치구 {District.objects.count()}개, "
                f"행정동 새로 {report.created}개 / 그대로 {report.unchanged}개"
            )
        )
        self.stdout.write("")
        self.stdout.write(f"데모 계정 (비밀번호 모두: {DEMO_PASSWORD})")
        width = max(len(email) for *_, email in accounts)
        for scope, role, email in accounts:
            self.stdout.write(f"  {email:<{width}}  {scope} · {role}")
        self.stdout.write("")
        for line in lines:
            self.stdout.write(line)

    def _account(self, email: str, name: str, staff: bool = False) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, privacy_consent_at=timezone.now())
        user.display_name = name
        user.is_staff = staff
        user.is_superuser = staff
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user
