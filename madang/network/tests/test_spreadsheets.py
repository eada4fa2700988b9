"""Organisation lists in and out of spreadsheets: dry run, confirm, row errors, export escaping."""

import csv
import io
import unicodedata
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.models import AuditEntry
from madang.core.services import DomainError
from madang.districts.tests.factories import DongFactory
from madang.network import spreadsheets
from madang.network.models import (
    Affiliation,
    ImportBatch,
    IssueArea,
    Organisation,
    Person,
    SearchEntry,
)
from madang.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = ["단체명", "유형", "법적형태", "의제", "활동동", "설립연도", "회원수", "소개", "이메일"]
GOOD_ROWS = [
    [
        "삼양동 마을부엌",
        "주민모임·마을공동체",
        "임의단체",
        "돌봄, 마을공동체",
        "삼양동",
        "2019",
        "35",
        "함께 밥",
        "",
    ],
    [
        "강북 청년협동조합",
        "social_economy",
        "cooperative",
        "청년",
        "삼양동/미아동",
        "2016",
        "1,200",
        "",
        "a@b.kr",
    ],
    ["수유 환경모임", "민간단체", "", "환경", "", "", "", "", ""],
]


def csv_bytes(rows, *, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def dongs(gangbuk):
    return [DongFactory(district=gangbuk, name="삼양동"), DongFactory(district=gangbuk, name="미아동")]


@pytest.fixture
def operator(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


def preview(operator, district, rows, *, filename="list.csv", raw=None):
    raw = raw if raw is not None else csv_bytes(rows)
    return spreadsheets.preview_import(actor=operator, district=district, filename=filename, raw=raw)


# --- import: dry run and confirm --------------------------------------------------------------------


def test_csv_preview_writes_nothing_then_confirm_creates_all(gangbuk, dongs, operator):
    batch = preview(operator, gangbuk, [HEADER, *GOOD_ROWS])

    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.errors == []
    assert batch.skipped == []
    assert [row["name"] for row in batch.rows] == ["삼양동 마을부엌", "강북 청년협동조합", "수유 환경모임"]
    assert [row["line"] for row in batch.rows] == [2, 3, 4]
    assert not Organisation.objects.filter(district=gangbuk).exists()

    assert spreadsheets.confirm_import(actor=operator, batch=batch) == 3

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CONFIRMED
    kitchen = Organisation.objects.get(district=gangbuk, name="삼양동 마을부엌")
    assert kitchen.kind == "community"
    assert kitchen.legal_form == "unincorporated"
    assert kitchen.founded_year == 2019
    assert kitchen.member_count == 35
    assert kitchen.created_by == operator
    assert sorted(a.name for a in kitchen.issue_areas.all()) == ["돌봄", "마을공동체"]
    assert [d.name for d in kitchen.dongs.all()] == ["삼양동"]
    coop = Organisation.objects.get(district=gangbuk, name="강북 청년협동조합")
    assert (coop.kind, coop.legal_form, coop.member_count) == ("social_economy", "cooperative", 1200)
    assert coop.contact_email == "a@b.kr"
    assert sorted(d.name for d in coop.dongs.all()) == ["미아동", "삼양동"]
    # as organisation_create would: audited, indexed, and the operator is not made 대표
    org_ids = [str(pk) for pk in Organisation.objects.filter(district=gangbuk).values_list("pk", flat=True)]
    assert AuditEntry.objects.filter(object_type="network.organisation", object_id__in=org_ids).count() == 3
    assert SearchEntry.objects.filter(object_type="organisation", district=gangbuk).count() == 3
    assert not Affiliation.objects.exists()


def test_xlsx_preview_and_confirm(gangbuk, dongs, operator):
    rows = [
        ["번호", "name", "kind", "issue_areas", "dongs", "founded_year", "member_count"],
        [1, "미아 돌봄네트워크", "civic", "돌봄", "미아동", 2010, 12],
        [2, "강북 문화공방", "기타", "문화예술", None, 2021.0, None],
    ]
    batch = preview(operator, gangbuk, None, filename="명단.xlsx", raw=xlsx_bytes(rows))

    assert batch.errors == []
    assert batch.filename == "명단.xlsx"
    assert [(r["name"], r["kind"], r.get("founded_year")) for r in batch.rows] == [
        ("미아 돌봄네트워크", "civic", 2010),
        ("강북 문화공방", "other", 2021),
    ]
    assert spreadsheets.confirm_import(actor=operator, batch=batch) == 2
    assert Organisation.objects.get(name="미아 돌봄네트워크").member_count == 12


def test_cp949_csv_is_read(gangbuk, operator):
    batch = preview(
        operator,
        gangbuk,
        None,
        raw=csv_bytes([["단체명", "유형"], ["번동 주민모임", "기타"]], encoding="cp949"),
    )
    assert [row["name"] for row in batch.rows] == ["번동 주민모임"]


def test_district_issue_area_counts_but_not_another_districts(gangbuk, mapo, operator):
    IssueArea.objects.create(district=gangbuk, name="북한산")
    IssueArea.objects.create(district=mapo, name="한강")
    batch = preview(
        operator, gangbuk, [["단체명", "유형", "의제"], ["가", "기타", "북한산"], ["나", "기타", "한강"]]
    )
    assert len(batch.rows) == 1
    assert batch.errors == [[3, "알 수 없는 의제 '한강'입니다."]]


# --- import: the row-by-row report ------------------------------------------------------------------


def bad_year(value: str) -> str:
    return f"설립연도 '{value}'이(가) 올바르지 않습니다 (1900~{timezone.localdate().year} 사이의 연도)."


def test_errors_are_reported_by_line_in_korean_and_nothing_is_imported(gangbuk, dongs, operator):
    rows = [
        ["단체명", "유형", "활동동", "설립연도"],
        ["", "민간단체", "", ""],  # 2
        ["가 모임", "동아리", "", ""],  # 3
        ["나 모임", "민간단체", "망원동", ""],  # 4
        ["다 모임", "민간단체", "", ""],  # 5
        ["다  모임", "민간단체", "", ""],  # 6: same name, spacing differs
        ['=HYPERLINK("http://x")', "민간단체", "", ""],  # 7
        ["라 모임", "민간단체", "", "작년"],  # 8
        ["마 모임", "민간단체", "@SUM(1)", ""],  # 9
        ["바 모임", "민간단체", "삼양동", "1850"],  # 10
        [],  # 11: blank lines are ignored but still counted
        ["사 모임", "민간단체", "", "-3"],  # 12
    ]
    batch = preview(operator, gangbuk, rows)

    assert batch.errors == [
        [2, "단체명이 비어 있습니다."],
        [3, "알 수 없는 유형 '동아리'입니다."],
        [4, "'망원동'은(는) 이 자치구의 행정동이 아닙니다."],
        [6, "5행과 단체명이 중복됩니다."],
        [7, "수식은 넣을 수 없습니다: 단체명 '=HYPERLINK(\"http://x\")'"],
        [8, bad_year("작년")],
        [9, "수식은 넣을 수 없습니다: 활동동 '@SUM(1)'"],
        [10, bad_year("1850")],
        [12, bad_year("-3")],
    ]
    assert [row["name"] for row in batch.rows] == ["다 모임"]

    with pytest.raises(DomainError) as excinfo:
        spreadsheets.confirm_import(actor=operator, batch=batch)
    assert excinfo.value.message == "오류가 있는 파일은 가져올 수 없습니다. 고친 뒤 다시 올려 주세요."
    assert not Organisation.objects.filter(district=gangbuk).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "회원수",
            "많음",
            "회원수 '많음'이(가) 올바르지 않습니다: 숫자만 입력하세요. 예: 120, 1,000 (쉼표는 세 자리마다).",
        ),
        (
            "회원수",
            "１２３",
            "회원수 '１２３'이(가) 올바르지 않습니다: 숫자는 0~9로 입력하세요. "
            "전각 숫자(１２３)나 다른 문자의 숫자는 쓸 수 없습니다.",
        ),
        (
            "회원수",
            "1,00",
            "회원수 '1,00'이(가) 올바르지 않습니다: 숫자만 입력하세요. 예: 120, 1,000 (쉼표는 세 자리마다).",
        ),
        ("회원수", "1,000", None),
        ("이메일", "not-an-email", "이메일 'not-an-email'이(가) 올바르지 않습니다."),
        ("웹사이트", "javascript:alert(1)", "웹사이트 주소 'javascript:alert(1)'이(가) 올바르지 않습니다."),
        ("법적형태", "주식회사아님", "알 수 없는 법적형태 '주식회사아님'입니다."),
        ("전화", "+cmd|' /C calc'!A0", "수식은 넣을 수 없습니다: 전화 '+cmd|' /C calc'!A0'"),
        ("소개", "-2+3+cmd|' /C calc'!A0", None),  # '-' then a digit is a number-like text, allowed
        ("전화", "+82 2-901-1234", None),  # an international phone number is not a formula
        ("웹사이트", "www.example.kr", None),
        ("회원수", "120명", None),
    ],
)
def test_field_checks(gangbuk, operator, column, value, message):
    batch = preview(operator, gangbuk, [["단체명", "유형", column], ["가 모임", "기타", value]])
    assert batch.errors == ([[2, message]] if message else [])


def test_website_without_scheme_gets_https(gangbuk, operator):
    batch = preview(
        operator, gangbuk, [["단체명", "유형", "웹사이트"], ["가 모임", "기타", "www.example.kr"]]
    )
    assert batch.rows[0]["website"] == "https://www.example.kr"


def test_html_in_names_is_stripped_and_a_name_of_only_tags_is_an_error(gangbuk, operator):
    rows = [
        ["단체명", "유형", "소개"],
        ["<b>수유</b> 책모임", "기타", "<script>alert(1)</script>함께 읽기"],
        ["<img src=x onerror=alert(1)>", "기타", ""],
    ]
    batch = preview(operator, gangbuk, rows)
    assert batch.rows[0]["name"] == "수유 책모임"
    assert batch.rows[0]["description"] == "함께 읽기"
    assert batch.errors == [[3, "단체명에 글자가 없습니다 (HTML 태그는 지워집니다)."]]


def test_reimporting_the_same_file_creates_no_duplicates(gangbuk, dongs, operator):
    raw = csv_bytes([HEADER, *GOOD_ROWS])
    first = spreadsheets.preview_import(actor=operator, district=gangbuk, filename="a.csv", raw=raw)
    assert spreadsheets.confirm_import(actor=operator, batch=first) == 3

    second = spreadsheets.preview_import(actor=operator, district=gangbuk, filename="a.csv", raw=raw)
    assert second.rows == []
    assert second.errors == []
    assert second.skipped == [[2, "삼양동 마을부엌"], [3, "강북 청년협동조합"], [4, "수유 환경모임"]]
    assert spreadsheets.confirm_import(actor=operator, batch=second) == 0
    assert Organisation.objects.filter(district=gangbuk).count() == 3


def test_existing_names_compare_without_case_or_spacing(gangbuk, operator):
    Organisation.objects.create(district=gangbuk, name="Green 강북", kind="civic")
    batch = preview(operator, gangbuk, [["단체명", "유형"], ["green  강북", "기타"], ["새 모임", "기타"]])
    assert batch.skipped == [[2, "green 강북"]]
    assert [row["name"] for row in batch.rows] == ["새 모임"]


def test_a_name_registered_after_the_preview_is_skipped_at_confirm(gangbuk, operator):
    batch = preview(operator, gangbuk, [["단체명", "유형"], ["가 모임", "기타"], ["나 모임", "기타"]])
    Organisation.objects.create(district=gangbuk, name="가 모임", kind="civic")
    assert spreadsheets.confirm_import(actor=operator, batch=batch) == 1
    assert Organisation.objects.filter(district=gangbuk).count() == 2


def test_a_batch_is_confirmed_once_and_discard_keeps_nothing(gangbuk, operator):
    rows = [["단체명", "유형"], ["가 모임", "기타"]]
    batch = preview(operator, gangbuk, rows)
    stale = ImportBatch.objects.get(pk=batch.pk)  # a second operator's copy
    assert spreadsheets.confirm_import(actor=operator, batch=batch) == 1
    with pytest.raises(DomainError) as excinfo:
        spreadsheets.confirm_import(actor=operator, batch=stale)
    assert excinfo.value.code == "already_processed"
    assert Organisation.objects.filter(district=gangbuk).count() == 1

    other = preview(operator, gangbuk, [["단체명", "유형"], ["나 모임", "기타"]])
    spreadsheets.discard_import(actor=operator, batch=other)
    other.refresh_from_db()
    assert (other.status, other.rows) == (ImportBatch.Status.DISCARDED, [])
    with pytest.raises(DomainError):
        spreadsheets.confirm_import(actor=operator, batch=other)
    assert not Organisation.objects.filter(name="나 모임").exists()


def test_only_district_staff_may_import(gangbuk, mapo, operator):
    resident = user_with_role(Role.RESIDENT, gangbuk)
    rows = [["단체명", "유형"], ["가 모임", "기타"]]
    for actor, district in [(resident, gangbuk), (operator, mapo)]:
        with pytest.raises(DomainError) as excinfo:
            preview(actor, district, rows)
        assert excinfo.value.code == "forbidden"
    batch = preview(operator, gangbuk, rows)
    with pytest.raises(DomainError) as excinfo:
        spreadsheets.confirm_import(actor=resident, batch=batch)
    assert excinfo.value.code == "forbidden"
    assert not Organisation.objects.exists()


# --- import: files that are refused -----------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("filename", "raw", "message"),
    [
        ("photo.xlsx", PNG, "XLSX 파일이 아닙니다. 엑셀에서 'Excel 통합 문서(*.xlsx)'로 저장하세요."),
        ("setup.exe", b"MZ\x90\x00", "CSV 또는 XLSX 파일만 올릴 수 있습니다."),
        ("list.xls", b"\xd0\xcf\x11\xe0", "CSV 또는 XLSX 파일만 올릴 수 있습니다."),
        ("noextension", b"a,b", "CSV 또는 XLSX 파일만 올릴 수 있습니다."),
        ("photo.csv", PNG, "CSV 파일의 내용을 읽을 수 없습니다. 텍스트(UTF-8 또는 CP949) CSV로 저장하세요."),
        ("big.csv", b"a" * (spreadsheets.MAX_UPLOAD_BYTES + 1), "파일이 너무 큽니다 (최대 5MB)."),
        ("empty.csv", b"", "빈 파일입니다."),
        (
            "fake.xlsx",
            b"PK\x03\x04 not really a zip",
            "XLSX 파일이 아닙니다. 엑셀에서 'Excel 통합 문서(*.xlsx)'로 저장하세요.",
        ),
    ],
)
def test_wrong_type_or_oversize_files_are_refused(filename, raw, message):
    with pytest.raises(DomainError) as excinfo:
        spreadsheets.parse_upload(filename=filename, raw=raw)
    assert excinfo.value.message == message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(DomainError) as excinfo:
        spreadsheets.parse_upload(filename="x.xlsx", raw=buffer.getvalue())
    assert excinfo.value.code == "file_content"


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    rows = [["단체명", "유형"]] + [[f"모임{i}", "기타"] for i in range(4)]
    with pytest.raises(DomainError) as excinfo:
        spreadsheets.parse_upload(filename="a.csv", raw=csv_bytes(rows))
    assert excinfo.value.message == "행이 너무 많습니다. 한 번에 3행까지 가져올 수 있습니다."
    assert len(spreadsheets.parse_upload(filename="a.csv", raw=csv_bytes(rows[:4]))) == 4


def test_missing_required_headers_are_refused(gangbuk, operator):
    with pytest.raises(DomainError) as excinfo:
        preview(operator, gangbuk, [["이름", "의제"], ["가 모임", "돌봄"]])
    assert excinfo.value.code == "header"
    assert "단체명, 유형" in excinfo.value.message


def test_xlsx_formulas_are_seen_not_their_results(gangbuk, operator):
    rows = [["단체명", "유형", "회원수"], ["가 모임", "기타", "=1+1"]]
    batch = preview(operator, gangbuk, None, filename="f.xlsx", raw=xlsx_bytes(rows))
    assert batch.errors == [[2, "수식은 넣을 수 없습니다: 회원수 '=1+1'"]]


# --- export -----------------------------------------------------------------------------------------


@pytest.fixture
def directory(gangbuk, dongs):
    evil = Organisation.objects.create(
        district=gangbuk,
        name="=cmd|' /C calc'!A0",
        kind="civic",
        description="@SUM(A1)",
        contact_email="evil@example.kr",
        contact_phone="+82 2 000 0000",
        address="강북구 어딘가",
    )
    kitchen = Organisation.objects.create(
        district=gangbuk,
        name="삼양동 마을부엌",
        kind="community",
        legal_form="unincorporated",
        founded_year=2019,
        member_count=35,
        contact_email="kitchen@example.kr",
        contact_phone="02-000-0000",
    )
    kitchen.issue_areas.set(IssueArea.objects.filter(name__in=["돌봄", "마을공동체"]))
    kitchen.dongs.set(dongs[:1])
    return evil, kitchen


def ordered(gangbuk):
    return Organisation.objects.filter(district=gangbuk).order_by("name")


def test_export_rows_hide_contacts_from_anonymous_and_show_operators(gangbuk, directory, operator):
    headers, rows = spreadsheets.export_rows(
        actor=AnonymousUser(), district=gangbuk, queryset=ordered(gangbuk)
    )
    assert headers == [
        "단체명",
        "유형",
        "법적형태",
        "의제",
        "활동동",
        "설립연도",
        "회원수",
        "소개",
        "웹사이트",
    ]
    assert "kitchen@example.kr" not in str(rows)

    headers, rows = spreadsheets.export_rows(actor=operator, district=gangbuk, queryset=ordered(gangbuk))
    assert headers[-3:] == ["이메일", "전화", "주소"]
    assert rows[1] == [
        "삼양동 마을부엌",
        "주민모임·마을공동체",
        "임의단체",
        "돌봄, 마을공동체",
        "삼양동",
        2019,
        35,
        "",
        "",
        "kitchen@example.kr",
        "02-000-0000",
        "",
    ]


def test_export_shows_contacts_only_of_the_readers_own_organisation(gangbuk, directory):
    evil, kitchen = directory
    user = UserFactory()
    person = Person.objects.create(user=user, district=gangbuk, consent_at=timezone.now())
    Affiliation.objects.create(organisation=kitchen, person=person, role=Affiliation.Role.STAFF)
    headers, rows = spreadsheets.export_rows(actor=user, district=gangbuk, queryset=ordered(gangbuk))
    by_name = {row[0]: dict(zip(headers, row, strict=True)) for row in rows}
    assert by_name["삼양동 마을부엌"]["이메일"] == "kitchen@example.kr"
    assert by_name[evil.name]["이메일"] == ""
    assert by_name[evil.name]["주소"] == ""


def test_export_never_leaks_another_districts_organisations(gangbuk, mapo, directory, operator):
    Organisation.objects.create(district=mapo, name="마포 모임", kind="civic")
    _headers, rows = spreadsheets.export_rows(
        actor=operator, district=gangbuk, queryset=Organisation.objects.all()
    )
    assert "마포 모임" not in [row[0] for row in rows]


def test_csv_export_escapes_formulas_and_has_a_bom(gangbuk, directory, operator):
    headers, rows = spreadsheets.export_rows(actor=operator, district=gangbuk, queryset=ordered(gangbuk))
    raw = spreadsheets.export_csv(headers, rows)
    assert raw.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert read[0][0] == "단체명"
    evil = read[1]
    assert evil[0] == "'=cmd|' /C calc'!A0"
    assert evil[7] == "'@SUM(A1)"
    assert evil[10] == "'+82 2 000 0000"
    assert read[2][0] == "삼양동 마을부엌"
    assert read[2][5] == "2019"


def test_escape_cell_covers_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheets.escape_cell(f"{start}1") == f"'{start}1"
    assert spreadsheets.escape_cell("강북") == "강북"
    assert spreadsheets.escape_cell(-3) == -3


def test_xlsx_export_escapes_formulas(gangbuk, directory, operator):
    headers, rows = spreadsheets.export_rows(actor=operator, district=gangbuk, queryset=ordered(gangbuk))
    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheets.export_xlsx(headers, rows)))
    sheet = workbook.worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][:2] == ["단체명", "유형"]
    assert values[1][0] == "'=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s"  # text, not a formula
    assert values[2][:3] == ["삼양동 마을부엌", "주민모임·마을공동체", "임의단체"]
    assert values[2][5] == 2019


def test_an_export_imports_back_as_all_skipped(gangbuk, directory, operator):
    headers, rows = spreadsheets.export_rows(actor=operator, district=gangbuk, queryset=ordered(gangbuk))
    raw = spreadsheets.export_xlsx(headers, rows)
    batch = spreadsheets.preview_import(actor=operator, district=gangbuk, filename="back.xlsx", raw=raw)
    assert batch.rows == []
    assert batch.errors == []
    assert [name for _line, name in batch.skipped] == ["=cmd|' /C calc'!A0", "삼양동 마을부엌"]


# --- views ------------------------------------------------------------------------------------------


def upload(client, district, rows=None, *, filename="list.csv", raw=None):
    raw = raw if raw is not None else csv_bytes(rows)
    return client.post(
        reverse("network:import", kwargs={"district": district.slug}),
        {"file": SimpleUploadedFile(filename, raw, content_type="text/csv")},
    )


def test_upload_preview_confirm_flow(client, gangbuk, dongs, operator):
    client.force_login(operator)
    url = reverse("network:import", kwargs={"district": gangbuk.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert 'accept=".csv,.xlsx"' in page.content.decode()

    response = upload(client, gangbuk, [HEADER, *GOOD_ROWS])
    batch = ImportBatch.objects.get()
    preview_url = reverse("network:import_preview", kwargs={"district": gangbuk.slug, "batch": batch.pk})
    assert response.status_code == 302
    assert response["Location"] == preview_url

    page = client.get(preview_url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "새로 가져올 단체: 3곳" in text
    assert "삼양동 마을부엌" in text
    assert 'value="confirm"' in text
    assert not Organisation.objects.filter(district=gangbuk).exists()

    response = client.post(preview_url, {"action": "confirm"}, follow=True)
    assert response.redirect_chain[0][0] == reverse(
        "network:organisation_list", kwargs={"district": gangbuk.slug}
    )
    assert "단체 3곳을 가져왔습니다." in [str(m) for m in response.context["messages"]]
    assert Organisation.objects.filter(district=gangbuk).count() == 3


def test_preview_with_errors_has_no_confirm_button_and_discard_works(client, gangbuk, operator):
    client.force_login(operator)
    upload(client, gangbuk, [["단체명", "유형"], ["", "기타"], ["가 모임", "기타"]])
    batch = ImportBatch.objects.get()
    preview_url = reverse("network:import_preview", kwargs={"district": gangbuk.slug, "batch": batch.pk})
    text = client.get(preview_url).content.decode()
    assert "단체명이 비어 있습니다." in text
    assert 'value="confirm"' not in text
    assert 'value="discard"' in text

    client.post(preview_url, {"action": "confirm"})  # forged: refused by the service
    assert not Organisation.objects.exists()
    response = client.post(preview_url, {"action": "discard"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED


def test_upload_errors_are_shown_on_the_form(client, gangbuk, operator):
    client.force_login(operator)
    url = reverse("network:import", kwargs={"district": gangbuk.slug})
    response = client.post(url, {})  # no file at all
    assert response.status_code == 200
    assert "올릴 파일을 고르세요." in response.content.decode()

    response = upload(client, gangbuk, filename="setup.exe", raw=b"MZ\x90\x00")
    assert response.status_code == 200
    assert "CSV 또는 XLSX 파일만 올릴 수 있습니다." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_import_pages_need_staff(client, gangbuk, mapo, operator):
    url = reverse("network:import", kwargs={"district": gangbuk.slug})
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    assert client.get(url).status_code == 403
    assert upload(client, gangbuk, [["단체명", "유형"], ["가 모임", "기타"]]).status_code == 403
    assert not ImportBatch.objects.exists()


def test_a_batch_of_another_district_is_not_found(client, gangbuk, mapo, operator):
    batch = preview(operator, gangbuk, [["단체명", "유형"], ["가 모임", "기타"]])
    client.force_login(user_with_role(Role.OPERATOR, mapo))
    url = reverse("network:import_preview", kwargs={"district": mapo.slug, "batch": batch.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "confirm"}).status_code == 404
    assert not Organisation.objects.exists()


def test_export_download(client, gangbuk, directory):
    url = reverse("network:export", kwargs={"district": gangbuk.slug, "fmt": "csv"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gangbuk-organisations.csv"'
    body = response.content.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in body
    assert "kitchen@example.kr" not in body

    response = client.get(reverse("network:export", kwargs={"district": gangbuk.slug, "fmt": "xlsx"}))
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="gangbuk-organisations.xlsx"'
    assert response.content.startswith(b"PK\x03\x04")

    assert (
        client.get(reverse("network:export", kwargs={"district": gangbuk.slug, "fmt": "pdf"})).status_code
        == 404
    )


def test_operator_export_has_contacts(client, gangbuk, directory, operator):
    client.force_login(operator)
    response = client.get(reverse("network:export", kwargs={"district": gangbuk.slug, "fmt": "csv"}))
    assert "kitchen@example.kr" in response.content.decode("utf-8-sig")
    assert "no-store" in response["Cache-Control"]


def test_export_queries_are_bounded(client, gangbuk, dongs, operator, django_assert_max_num_queries):
    areas = list(IssueArea.objects.filter(district__isnull=True)[:3])
    for i in range(30):
        org = Organisation.objects.create(district=gangbuk, name=f"단체 {i:02d}", kind="civic")
        org.issue_areas.set(areas)
        org.dongs.set(dongs)
    client.force_login(operator)
    url = reverse("network:export", kwargs={"district": gangbuk.slug, "fmt": "xlsx"})
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert sum(1 for _row in workbook.worksheets[0].iter_rows()) == 31


# --- input: the same cleaning and number rule as forms and the API (issue #7 items 10, 19, 21) ---------


def test_import_skips_look_alikes_of_existing_names(gangbuk, operator):
    OrganisationFactory(district=gangbuk, name="강북지역포럼")
    rows = [
        ["단체명", "유형"],
        ["강북지역포럼\u200b", "기타"],
        [unicodedata.normalize("NFD", "강북지역포럼"), "기타"],
        ["강북\u200d지역포럼", "기타"],
        ["\u202e강북지역포럼", "기타"],
    ]
    batch = preview(operator, gangbuk, rows)
    assert batch.rows == []
    assert batch.skipped == [[2, "강북지역포럼"]]
    # and they are one name among themselves too
    assert batch.errors == [[line, "2행과 단체명이 중복됩니다."] for line in (3, 4, 5)]


def test_import_never_stores_escaped_script(gangbuk, operator):
    payload = "&lt;script&gt;alert(1)&lt;/script&gt;"
    rows = [["단체명", "유형", "소개", "주소"], ["모임" + payload, "기타", payload + "소개", payload]]
    batch = preview(operator, gangbuk, rows)
    assert batch.errors == []
    spreadsheets.confirm_import(actor=operator, batch=batch)
    org = Organisation.objects.get(district=gangbuk)
    assert (org.name, org.description, org.address) == ("모임", "소개", "")


def test_import_website_loses_a_bidi_override(gangbuk, operator):
    batch = preview(
        operator, gangbuk, [["단체명", "유형", "웹사이트"], ["가 모임", "기타", "example.org/\u202egpj.exe"]]
    )
    assert batch.rows[0]["website"] == "https://example.org/gpj.exe"
