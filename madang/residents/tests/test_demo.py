import pytest

from madang.accounts.tests.factories import UserFactory
from madang.districts.tests.factories import DongFactory
from madang.residents import demo, selectors
from madang.residents.models import Applicant, Draw, RegistryEntry

from .factories import budget_process

pytestmark = pytest.mark.django_db

MAPO_DONGS = (
    "아현동 공덕동 도화동 용강동 대흥동 염리동 신수동 서강동 "
    "서교동 합정동 망원1동 망원2동 연남동 성산1동 성산2동 상암동"
)


def test_skips_without_the_budgeting_cycle(mapo, gangbuk):
    lines = demo.load_demo(districts=[gangbuk, mapo])
    assert lines == ["마포구 주민 확인 데모: 'budget-2026' 참여 과정이 없어 건너뜀"]


def test_loads_once_and_verifies_the_demo_resident(mapo):
    for name in MAPO_DONGS.split():
        DongFactory(district=mapo, name=name)
    process = budget_process(mapo, slug="budget-2026")
    resident = UserFactory(email="resident@mapo.demo.madang.kr")
    lines = demo.load_demo(districts=[mapo])
    assert len(lines) == 4
    assert RegistryEntry.objects.filter(process=process).count() == 400
    assert selectors.verification_get(user=resident, process=process).dong.name == "망원1동"
    assert Applicant.objects.filter(process=process).count() == 36
    draw = Draw.objects.get(process=process)
    assert draw.status == "published" and len(draw.result) == 12
    assert selectors.draw_recheck(draw).matches
    assert demo.load_demo(districts=[mapo]) == []
    assert RegistryEntry.objects.filter(process=process).count() == 400
