import pytest

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.models import AuditEntry
from madang.core.services import SYSTEM, DomainError
from madang.districts import seed, services
from madang.districts.models import District, Dong, Program, ProgramParticipation, Vision

pytestmark = pytest.mark.django_db


def test_reference_data_has_all_25_districts_with_official_codes(seoul):
    districts = list(District.objects.order_by("code").values_list("code", "name", "slug"))
    assert len(districts) == 25
    assert districts[0] == ("11110", "종로구", "jongno")
    assert districts[-1] == ("11740", "강동구", "gangdong")
    assert ("11305", "강북구", "gangbuk") in districts
    assert ("11440", "마포구", "mapo") in districts
    assert {d[2] for d in districts} == {
        "jongno",
        "jung",
        "yongsan",
        "seongdong",
        "gwangjin",
        "dongdaemun",
        "jungnang",
        "seongbuk",
        "gangbuk",
        "dobong",
        "nowon",
        "eunpyeong",
        "seodaemun",
        "mapo",
        "yangcheon",
        "gangseo",
        "guro",
        "geumcheon",
        "yeongdeungpo",
        "dongjak",
        "gwanak",
        "seocho",
        "gangnam",
        "songpa",
        "gangdong",
    }


def test_reference_data_load_is_idempotent(seoul):
    before = (District.objects.count(), ProgramParticipation.objects.count(), Vision.objects.count())
    services.reference_data_load()
    assert (District.objects.count(), ProgramParticipation.objects.count(), Vision.objects.count()) == before
    assert before == (25, 26, 2)


def test_seed_tables_counts(seoul):
    innovation = Program.objects.get(slug="community-innovation")
    platform = Program.objects.get(slug="citizen-platform")
    assert ProgramParticipation.objects.filter(track__program=innovation).count() == 15
    assert ProgramParticipation.objects.filter(track__program=platform).count() == 11
    second_year = ProgramParticipation.objects.filter(track__program=platform, program_year=2)
    assert sorted(p.district.name for p in second_year) == sorted(
        ["강북구", "관악구", "광진구", "마포구", "서대문구", "은평구"]
    )
    assert platform.core_goals.count() == 5
    assert platform.core_goals.get(number=4).evaluation == "self_diagnosis"


def test_vision_set_updates_and_audits(gangbuk):
    operator = user_with_role(Role.OPERATOR, gangbuk)
    program = Program.objects.get(slug="citizen-platform")
    vision = services.vision_set(actor=operator, district=gangbuk, program=program, text="새 비전")
    assert vision.text == "새 비전"
    entry = AuditEntry.objects.get()
    assert entry.action == "update"
    assert entry.before == {"text": seed.VISIONS["gangbuk"]}
    assert entry.after == {"text": "새 비전"}
    assert entry.district == gangbuk


def test_vision_set_refuses_resident_and_blank(gangbuk):
    program = Program.objects.get(slug="citizen-platform")
    with pytest.raises(DomainError):
        services.vision_set(
            actor=user_with_role(Role.RESIDENT, gangbuk), district=gangbuk, program=program, text="x"
        )
    with pytest.raises(DomainError):
        services.vision_set(
            actor=user_with_role(Role.OPERATOR, gangbuk), district=gangbuk, program=program, text="  "
        )
    assert Vision.objects.get(district=gangbuk).text == seed.VISIONS["gangbuk"]


GOOD_CSV = "code,name,district_code\n1130553500,삼양동,11305\n1144055500,아현동,11440\n"


def test_dong_import_creates_then_is_idempotent(seoul):
    report = services.dong_import_csv(actor=SYSTEM, raw=GOOD_CSV.encode())
    assert (report.created, report.updated, report.unchanged, report.errors) == (2, 0, 0, [])
    again = services.dong_import_csv(actor=SYSTEM, raw=GOOD_CSV.encode())
    assert (again.created, again.unchanged) == (0, 2)
    assert Dong.objects.count() == 2


def test_dong_import_accepts_korean_header_and_cp949(seoul):
    raw = "행정동코드,행정동명,자치구코드\n1130553500,삼양동,11305\n".encode("cp949")
    report = services.dong_import_csv(actor=SYSTEM, raw=raw)
    assert report.ok and report.created == 1
    assert Dong.objects.get().name == "삼양동"


def test_dong_import_bad_rows_import_nothing_and_say_why(seoul):
    raw = (
        "code,name,district_code\n"
        "1130553500,삼양동,11305\n"  # fine
        "1130553500,미아동,11305\n"  # duplicate code
        "12,이상동,11305\n"  # bad code
        "1199900000,없는동,99999\n"  # unknown district
        "1144055500,,11440\n"  # empty name
        "1144055600,공덕동\n"  # missing column
    ).encode()
    report = services.dong_import_csv(actor=SYSTEM, raw=raw)
    assert not report.ok
    lines = [line for line, _message in report.errors]
    assert lines == [3, 4, 5, 6, 7]
    messages = dict(report.errors)
    assert "중복" in messages[3]
    assert "숫자 8~10자리" in messages[4]
    assert "알 수 없는 자치구 코드 '99999'" in messages[5]
    assert "비어 있습니다" in messages[6]
    assert "열이 3개" in messages[7]
    assert not Dong.objects.exists()


def test_dong_import_rejects_wrong_header_and_binary(seoul):
    with pytest.raises(DomainError) as info:
        services.dong_import_csv(actor=SYSTEM, raw=b"foo,bar,baz\n1,2,3\n")
    assert info.value.code == "header"
    with pytest.raises(DomainError) as info:
        services.dong_import_csv(actor=SYSTEM, raw=b"\xff\xfe\x00\x00\x81")
    assert info.value.code == "encoding"
    with pytest.raises(DomainError):
        services.dong_import_csv(actor=SYSTEM, raw=b"")


def test_dong_import_dry_run_writes_nothing(seoul):
    report = services.dong_import_csv(actor=SYSTEM, raw=GOOD_CSV.encode(), dry_run=True)
    assert report.created == 2
    assert not Dong.objects.exists()


@pytest.mark.django_db
def test_dong_import_needs_a_city_admin_and_is_audited(seoul, gangbuk):
    from madang.accounts.models import Role
    from madang.accounts.tests.factories import user_with_role
    from madang.core.models import AuditEntry

    operator = user_with_role(Role.OPERATOR, gangbuk)
    with pytest.raises(DomainError) as info:
        services.dong_import_csv(actor=operator, raw=GOOD_CSV.encode())
    assert info.value.code == "forbidden"
    admin = user_with_role(Role.CITY_ADMIN, city=seoul)
    report = services.dong_import_csv(actor=admin, raw=GOOD_CSV.encode())
    entries = AuditEntry.objects.filter(object_type="districts.dong", action="import")
    assert entries.count() == report.created > 0
    assert {e.actor_id for e in entries} == {admin.pk}
