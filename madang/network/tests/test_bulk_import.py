"""Confirming an import in bulk: the same organisations, audit trail and search index as
`services.organisation_create` row by row, in a bounded number of queries, and safe under races."""

import csv
import io
import threading
import time

import pytest
from django.db import connection, transaction

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.models import AuditEntry
from madang.core.services import DomainError
from madang.districts.models import Dong
from madang.districts.tests.factories import DongFactory
from madang.network import search, services, spreadsheets
from madang.network.models import ImportBatch, IssueArea, Organisation, SearchEntry
from madang.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "단체명",
    "유형",
    "법적형태",
    "의제",
    "활동동",
    "설립연도",
    "회원수",
    "소개",
    "웹사이트",
    "이메일",
    "전화",
    "주소",
]
ROWS = [
    [
        "삼양동 마을부엌",
        "주민모임·마을공동체",
        "임의단체",
        "돌봄, 마을공동체",
        "삼양동",
        "2019",
        "35",
        "어르신과 아이들이 함께 밥을 짓는 마을부엌입니다.",
        "www.example.kr",
        "kitchen@example.kr",
        "02-901-1234",
        "강북구 삼양로 1",
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
        "",
        "",
        "",
        "",
    ],
    [
        "수유 환경모임",
        "민간단체",
        "",
        "환경",
        "",
        "",
        "",
        "<b>텃밭</b>을 가꾸고 기후위기를 공부합니다",
        "",
        "",
        "",
        "",
    ],
    ["Green Gangbuk", "기타", "", "", "미아동", "", "", "Zero-waste 2030 캠페인", "", "", "", ""],
]


@pytest.fixture
def dongs(gangbuk):
    return [DongFactory(district=gangbuk, name="삼양동"), DongFactory(district=gangbuk, name="미아동")]


@pytest.fixture
def operator(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def preview(operator, district, rows, *, header=HEADER):
    return spreadsheets.preview_import(
        actor=operator, district=district, filename="list.csv", raw=csv_bytes([header, *rows])
    )


def written(district) -> dict[str, dict]:
    """What was written for each organisation of the district, by name, without ids and times."""
    orgs = {org.pk: org for org in Organisation.objects.filter(district=district)}
    audits = AuditEntry.objects.filter(
        object_type="network.organisation", object_id__in=[str(pk) for pk in orgs]
    )
    entries = SearchEntry.objects.filter(object_type="organisation", object_id__in=list(orgs))
    found = {
        org.name: {
            "created_by": org.created_by_id,
            "issue_areas": sorted(org.issue_areas.values_list("pk", flat=True)),
            "dongs": sorted(org.dongs.values_list("pk", flat=True)),
        }
        for org in orgs.values()
    }
    for audit in audits:
        name = orgs[int(audit.object_id)].name
        assert "audit" not in found[name], "one audit entry per organisation"
        found[name]["audit"] = {
            field: getattr(audit, field)
            for field in (
                "actor_id",
                "actor_label",
                "district_id",
                "action",
                "object_repr",
                "before",
                "after",
            )
        } | {"note": audit.note}
    for entry in entries:
        name = orgs[entry.object_id].name
        assert "search" not in found[name], "one search entry per organisation"
        found[name]["search"] = (entry.district_id, entry.tokens)
    return found


def test_tokenize_many_gives_exactly_what_tokenize_gives():
    texts = [
        "마포공동체경제협동조합",
        "",
        "아이돌봄 품앗이를 함께 하는 엄마들의 모임입니다. 2019년에 시작했어요!",
        "Green Gangbuk zero-waste 캠페인 2030",
        "   ",
        "北漢山 둘레길을 걷는 사람들 — 매주 토요일",
        "청년 주거 " * 3000,  # longer than MAX_TEXT
    ]
    assert search.tokenize_many(texts) == [search.tokenize(text) for text in texts]
    assert search.tokenize_many([]) == []


def test_index_organisations_writes_what_index_organisation_writes(gangbuk, dongs):
    areas = list(IssueArea.objects.filter(name__in=["돌봄", "청년", "환경"]))
    orgs = [
        OrganisationFactory(
            district=gangbuk, name="삼양동 마을부엌", description="아이들과 함께 밥을 짓습니다"
        ),
        OrganisationFactory(district=gangbuk, name="강북 청년협동조합", kind="social_economy"),
        OrganisationFactory(district=gangbuk, name="수유 환경모임", description="텃밭과 기후위기"),
    ]
    orgs[0].issue_areas.set(areas)
    orgs[0].dongs.set(dongs)
    orgs[1].issue_areas.set(areas[1:2])
    for org in orgs:
        search.index_organisation(org)
    one_by_one = dict(SearchEntry.objects.values_list("object_id", "tokens"))

    for org in orgs:
        search.index_remove(object_type="organisation", object_id=org.pk)
    assert not SearchEntry.objects.exists()
    fresh = [Organisation.objects.get(pk=org.pk) for org in orgs]
    search.index_organisations(fresh)
    assert dict(SearchEntry.objects.values_list("object_id", "tokens")) == one_by_one

    # indexing again replaces the entries (and, on SQLite, their FTS5 rows)
    search.index_organisations(fresh)
    assert dict(SearchEntry.objects.values_list("object_id", "tokens")) == one_by_one
    assert search.search_ids(district=gangbuk, query="밥") == [("organisation", orgs[0].pk)]
    assert search.search_ids(district=gangbuk, query="기후위기") == [("organisation", orgs[2].pk)]
    assert search.search_ids(district=gangbuk, query="미아동") == [("organisation", orgs[0].pk)]
    search.index_organisations([])


def test_bulk_confirm_writes_what_organisation_create_writes(gangbuk, dongs, operator):
    batch = preview(operator, gangbuk, ROWS)
    assert batch.errors == []
    assert len(batch.rows) == len(ROWS)

    with transaction.atomic():
        assert spreadsheets.confirm_import(actor=operator, batch=batch) == len(ROWS)
        bulk = written(gangbuk)
        transaction.set_rollback(True)

    assert not Organisation.objects.filter(district=gangbuk).exists()
    for row in batch.rows:  # what confirm_import did before it wrote in bulk
        services.organisation_create(
            actor=operator,
            district=gangbuk,
            data={field: row[field] for field in services.ORG_FIELDS if field in row},
            issue_areas=list(IssueArea.objects.filter(pk__in=row["issue_areas"])),
            dongs=list(Dong.objects.filter(pk__in=row["dongs"])),
            affiliate=False,
        )
    one_by_one = written(gangbuk)

    assert set(bulk) == {row[0] for row in ROWS}
    assert all({"audit", "search"} <= set(found) for found in bulk.values())
    assert bulk == one_by_one
    kitchen = bulk["삼양동 마을부엌"]
    assert kitchen["audit"]["after"]["website"] == "https://www.example.kr"
    assert kitchen["audit"]["after"]["contact_phone"] == "02-901-1234"
    assert len(kitchen["audit"]["after"]["issue_areas"]) == 2
    assert kitchen["audit"]["actor_label"] == str(operator)


def test_imported_descriptions_are_searchable(gangbuk, dongs, operator):
    batch = preview(operator, gangbuk, ROWS)
    spreadsheets.confirm_import(actor=operator, batch=batch)
    by_name = dict(Organisation.objects.filter(district=gangbuk).values_list("name", "pk"))

    def found(query):
        return [pk for _type, pk in search.search_ids(district=gangbuk, query=query)]

    assert found("텃밭") == [by_name["수유 환경모임"]]
    assert found("기후위기를") == [by_name["수유 환경모임"]]
    assert found("어르신") == [by_name["삼양동 마을부엌"]]
    assert found("협동조합") == [by_name["강북 청년협동조합"]]
    assert found("zero waste") == [by_name["Green Gangbuk"]]


def test_duplicate_ids_in_a_row_make_one_link(gangbuk, dongs, operator):
    batch = preview(operator, gangbuk, [["가 모임", "기타", "", "돌봄", "삼양동"]])
    row = batch.rows[0]
    row["issue_areas"] *= 2
    row["dongs"] *= 2
    batch.save(update_fields=["rows"])
    assert spreadsheets.confirm_import(actor=operator, batch=batch) == 1
    org = Organisation.objects.get(name="가 모임")
    assert (org.issue_areas.count(), org.dongs.count()) == (1, 1)


def test_row_problems_found_at_confirm_name_the_line_and_roll_back(gangbuk, mapo, dongs, operator):
    batch = preview(operator, gangbuk, [["가 모임", "기타"], ["나 모임", "기타", "", "", "삼양동"]])
    batch.rows[1]["dongs"] = [DongFactory(district=mapo, name="시험동").pk]  # not gangbuk's
    batch.save(update_fields=["rows"])
    with pytest.raises(DomainError) as excinfo:
        spreadsheets.confirm_import(actor=operator, batch=batch)
    assert excinfo.value.message == "3행: '시험동'은(는) 이 자치구의 행정동이 아닙니다."

    batch.refresh_from_db()
    batch.rows[1]["dongs"] = []
    batch.rows[1]["member_count"] = -5  # full_clean still runs
    batch.save(update_fields=["rows"])
    with pytest.raises(DomainError) as excinfo:
        spreadsheets.confirm_import(actor=operator, batch=batch)
    assert excinfo.value.code == "invalid"
    assert excinfo.value.message.startswith("3행: ")

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not Organisation.objects.filter(district=gangbuk).exists()
    assert not AuditEntry.objects.filter(object_type="network.organisation").exists()
    assert not SearchEntry.objects.exists()


def test_a_thousand_rows_confirm_in_a_bounded_number_of_queries(
    gangbuk, dongs, operator, django_assert_max_num_queries
):
    rows = [
        [f"강북 {i}번 마을모임", "기타", "", "돌봄, 청년", "삼양동, 미아동", "2020", "10", f"{i}번 골목 텃밭"]
        for i in range(1000)
    ]
    batch = preview(operator, gangbuk, rows, header=HEADER[:8])
    assert (len(batch.rows), batch.errors) == (1000, [])
    with django_assert_max_num_queries(60):
        assert spreadsheets.confirm_import(actor=operator, batch=batch) == 1000
    assert Organisation.issue_areas.through.objects.filter(organisation__district=gangbuk).count() == 2000
    assert Organisation.dongs.through.objects.filter(organisation__district=gangbuk).count() == 2000
    assert AuditEntry.objects.filter(object_type="network.organisation", action="create").count() == 1000
    assert SearchEntry.objects.filter(district=gangbuk, object_type="organisation").count() == 1000
    assert len(search.search_ids(district=gangbuk, query="텃밭", limit=2000)) == 1000


def test_a_name_taken_during_the_import_rolls_it_all_back(gangbuk, dongs, operator, monkeypatch):
    batch = preview(operator, gangbuk, ROWS)
    # another request registers one of the names after this import looked at the directory
    OrganisationFactory(district=gangbuk, name="수유 환경모임")
    monkeypatch.setattr(spreadsheets, "_existing_keys", lambda district: set())
    with pytest.raises(DomainError) as excinfo:
        spreadsheets.confirm_import(actor=operator, batch=batch)
    assert excinfo.value.code == "duplicate_organisation"
    assert "같은 이름의 단체가 등록되어 아무것도 가져오지 않았습니다" in excinfo.value.message
    assert list(Organisation.objects.filter(district=gangbuk).values_list("name", flat=True)) == [
        "수유 환경모임"
    ]
    assert not AuditEntry.objects.filter(
        object_type__in=["network.organisation", "network.importbatch"]
    ).exists()
    assert not SearchEntry.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED

    monkeypatch.undo()  # confirming again skips the name that is now taken
    assert spreadsheets.confirm_import(actor=operator, batch=batch) == len(ROWS) - 1


# --- PostgreSQL: real concurrency ---------------------------------------------------------------------


@pytest.fixture
def issue_areas(db):
    """The migration's common 의제: a transactional test before this one may have flushed them."""
    for order, name in enumerate(["돌봄", "환경", "청년", "마을공동체"]):
        IssueArea.objects.get_or_create(district=None, name=name, defaults={"order": order})


def _run_at_once(*targets):
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_operators_confirming_the_same_batch_import_it_once(gangbuk, dongs, issue_areas):
    operators = [user_with_role(Role.OPERATOR, gangbuk) for _ in range(2)]
    batch = preview(operators[0], gangbuk, ROWS)
    assert batch.errors == []
    barrier = threading.Barrier(len(operators))
    outcomes = []

    def confirm(operator):
        try:
            copy = ImportBatch.objects.get(pk=batch.pk)
            barrier.wait()
            outcomes.append(spreadsheets.confirm_import(actor=operator, batch=copy))
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    _run_at_once(*[lambda op=op: confirm(op) for op in operators])
    assert sorted(outcomes, key=str) == [len(ROWS), "already_processed"]
    assert Organisation.objects.filter(district=gangbuk).count() == len(ROWS)
    assert AuditEntry.objects.filter(object_type="network.organisation").count() == len(ROWS)
    assert AuditEntry.objects.filter(object_type="network.importbatch", action="update").count() == 1
    assert SearchEntry.objects.filter(object_type="organisation").count() == len(ROWS)
    assert [pk for _t, pk in search.search_ids(district=gangbuk, query="텃밭")] == list(
        Organisation.objects.filter(name="수유 환경모임").values_list("pk", flat=True)
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_name_registered_while_confirming_rolls_the_import_back(gangbuk, dongs, operator, issue_areas):
    """The other transaction inserts a batch name but has not committed when the import reads the
    directory; the import's insert waits on it, then fails on the unique constraint."""
    batch = preview(operator, gangbuk, ROWS)
    assert batch.errors == []
    inserted = threading.Event()
    outcomes = []

    def register_by_hand():
        try:
            with transaction.atomic():
                Organisation.objects.create(district=gangbuk, name="강북 청년협동조합", kind="civic")
                inserted.set()
                with connection.cursor() as cursor:  # commit once the import waits on our row
                    for _attempt in range(200):
                        cursor.execute(
                            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                            "WHERE NOT l.granted AND a.datname = current_database()"
                        )
                        if cursor.fetchone()[0]:
                            break
                        time.sleep(0.05)
            outcomes.append("registered")
        finally:
            connection.close()

    def confirm():
        try:
            inserted.wait(timeout=30)
            outcomes.append(spreadsheets.confirm_import(actor=operator, batch=batch))
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    _run_at_once(register_by_hand, confirm)
    assert sorted(outcomes) == ["duplicate_organisation", "registered"]
    assert list(Organisation.objects.filter(district=gangbuk).values_list("name", flat=True)) == [
        "강북 청년협동조합"
    ]
    assert not AuditEntry.objects.filter(object_type="network.organisation").exists()
    assert not SearchEntry.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert spreadsheets.confirm_import(actor=operator, batch=batch) == len(ROWS) - 1
