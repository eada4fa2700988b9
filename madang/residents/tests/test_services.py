import datetime

import pytest
from django.db import connection

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.exceptions import DomainError
from madang.core.models import AuditEntry
from madang.districts.tests.factories import DongFactory
from madang.residents import selectors, services
from madang.residents.models import RegistryEntry, RegistryImport, ResidentVerification

from .factories import budget_process, registry_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


@pytest.fixture
def process(gangbuk):
    return budget_process(gangbuk)


@pytest.fixture
def dongs(gangbuk):
    return [DongFactory(district=gangbuk, name=name) for name in ("수유1동", "수유2동", "번1동")]


CSV = "이름,생년월일,행정동\n홍길동,1980-05-17,수유1동\n김민지,1990.2.3,수유2동\n이서준,19751130,번1동\n"


def upload(operator, process, text=CSV, filename="명부.csv"):
    return services.registry_import(actor=operator, process=process, filename=filename, raw=text.encode())


def all_text_in_database() -> str:
    """Every text value of every table (the test database is small)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


def test_registry_import_stores_only_keyed_hashes(operator, process, dongs):
    report = upload(operator, process)
    assert report.added == 3 and report.skipped == 0
    assert RegistryEntry.objects.filter(process=process).count() == 3
    stored = all_text_in_database()
    for clear in ("홍길동", "김민지", "이서준", "1980-05-17", "1990-02-03", "1975-11-30", "19751130"):
        assert clear not in stored, clear
    key = services.identity_key(name="김민지", birth_date="1990-02-03", dong_name="수유2동")
    assert services.identity_in_registry(process=process, key=key)
    assert services.registry_dong_of(process, key).name == "수유2동"
    entry = AuditEntry.objects.get(action="import", object_type="residents.registryimport")
    assert entry.actor == operator


def test_bad_rows_are_reported_row_by_row_and_nothing_is_stored(operator, process, dongs):
    text = CSV + ",1980-01-01,수유1동\n박하늘,1980-02-30,수유1동\n최가람,1981-01-01,합정동\n"
    with pytest.raises(services.RegistryImportError) as error:
        upload(operator, process, text)
    lines = {row.line: row.message for row in error.value.rows}
    assert set(lines) == {5, 6, 7}
    assert "이름" in lines[5] and "생년월일" in lines[6] and "합정동" in lines[7]
    assert error.value.total_errors == 3
    assert not RegistryEntry.objects.exists() and not RegistryImport.objects.exists()


def test_missing_header_is_named(operator, process, dongs):
    with pytest.raises(DomainError) as error:
        upload(operator, process, "이름,행정동\n홍길동,수유1동\n")
    assert error.value.code == "header" and "생년월일" in error.value.message


def test_uploading_again_skips_people_already_there(operator, process, dongs):
    upload(operator, process)
    report = upload(operator, process, CSV + "정다은,2001-07-07,수유1동\n정다은,2001-07-07,수유1동\n")
    assert (report.added, report.skipped, report.duplicates_in_file) == (1, 3, 1)
    assert RegistryEntry.objects.count() == 4


def test_xlsx_extract(operator, process, dongs):
    from madang.core.spreadsheets import xlsx_bytes

    raw = xlsx_bytes(["성명", "생년월일", "행정동"], [["홍길동", datetime.date(1980, 5, 17), "수유1동"]])
    report = services.registry_import(actor=operator, process=process, filename="명부.xlsx", raw=raw)
    assert report.added == 1
    key = services.identity_key(name="홍길동", birth_date="1980-05-17", dong_name="수유1동")
    assert services.identity_in_registry(process=process, key=key)


def test_only_staff_upload(process, dongs, gangbuk):
    with pytest.raises(DomainError) as error:
        upload(user_with_role(Role.RESIDENT, gangbuk), process)
    assert error.value.code == "forbidden"


def test_oversize_and_too_many_rows(operator, process, dongs, monkeypatch):
    monkeypatch.setattr(services, "MAX_REGISTRY_ROWS", 2)
    with pytest.raises(DomainError) as error:
        upload(operator, process)
    assert error.value.code == "too_many_rows"
    monkeypatch.setattr(services, "MAX_REGISTRY_BYTES", 10)
    with pytest.raises(DomainError) as error:
        upload(operator, process)
    assert error.value.code == "too_large"


def test_verification_claim_matches_the_registry(operator, process, dongs):
    upload(operator, process)
    person = UserFactory()
    verification = services.verification_claim(
        actor=person, process=process, name="김 민지", birth_date="1990-02-03", dong="수유2동"
    )
    assert verification.dong.name == "수유2동" and verification.birth_date == datetime.date(1990, 2, 3)
    assert verification.method == ResidentVerification.Method.REGISTRY
    assert selectors.verification_get(user=person, process=process) == verification
    assert AuditEntry.objects.filter(action="verify", object_id=str(verification.pk)).exists()


def test_wrong_data_gets_a_neutral_message_and_is_rate_limited(operator, process, dongs):
    upload(operator, process)
    person = UserFactory()
    messages = set()
    for birth, dong in [("1990-02-04", "수유2동"), ("1990-02-03", "수유1동"), ("1990-02-03", "없는동")]:
        with pytest.raises(DomainError) as error:
            services.verification_claim(
                actor=person, process=process, name="김민지", birth_date=birth, dong=dong
            )
        assert error.value.code == "no_match"
        messages.add(error.value.message)
    assert len(messages) == 1
    for _try in range(2):
        with pytest.raises(DomainError):
            services.verification_claim(
                actor=person, process=process, name="김민지", birth_date="1990-01-01", dong="수유2동"
            )
    with pytest.raises(DomainError) as error:  # the sixth try within the hour, even with the right data
        services.verification_claim(
            actor=person, process=process, name="김민지", birth_date="1990-02-03", dong="수유2동"
        )
    assert error.value.code == "rate_limited"
    assert not ResidentVerification.objects.exists()


def test_one_identity_verifies_one_account(operator, process, dongs):
    upload(operator, process)
    first, second = UserFactory(), UserFactory()
    services.verification_claim(
        actor=first, process=process, name="홍길동", birth_date="1980-05-17", dong="수유1동"
    )
    with pytest.raises(DomainError) as error:
        services.verification_claim(
            actor=second, process=process, name="홍길동", birth_date="1980-05-17", dong="수유1동"
        )
    assert error.value.code == "duplicate_identity"
    with pytest.raises(DomainError) as error:
        services.verification_claim(
            actor=first, process=process, name="김민지", birth_date="1990-02-03", dong="수유2동"
        )
    assert error.value.code == "duplicate_verification"
    assert ResidentVerification.objects.count() == 1


def test_unpublished_process_refuses_self_verification(operator, gangbuk, dongs):
    process = budget_process(gangbuk, is_published=False)
    registry_person(process, dong=dongs[0])
    with pytest.raises(DomainError) as error:
        services.verification_claim(
            actor=UserFactory(), process=process, name="홍길동", birth_date="1980-05-17", dong="수유1동"
        )
    assert error.value.code == "forbidden"


def test_in_person_verification_needs_a_note_and_blocks_the_identity(operator, process, dongs):
    person = UserFactory()
    with pytest.raises(DomainError):
        services.verification_in_person(
            actor=operator,
            process=process,
            user=person,
            name="정다은",
            birth_date="2001-07-07",
            dong=dongs[0],
            note=" ",
        )
    verification = services.verification_in_person(
        actor=operator,
        process=process,
        user=person,
        name="정다은",
        birth_date="2001-07-07",
        dong=dongs[0],
        note="신분증(주민등록증) 확인",
    )
    assert verification.method == "in_person" and verification.verified_by == operator
    entry = AuditEntry.objects.get(action="verify", object_id=str(verification.pk))
    assert entry.actor == operator and "신분증" in entry.note
    registry_person(process, name="정다은", birth_date=datetime.date(2001, 7, 7), dong=dongs[0])
    with pytest.raises(DomainError) as error:
        services.verification_claim(
            actor=UserFactory(), process=process, name="정다은", birth_date="2001-07-07", dong="수유1동"
        )
    assert error.value.code == "duplicate_identity"


def test_in_person_verification_refuses_another_districts_dong(operator, process, mapo):
    with pytest.raises(DomainError) as error:
        services.verification_in_person(
            actor=operator,
            process=process,
            user=UserFactory(),
            name="정다은",
            birth_date="2001-07-07",
            dong=DongFactory(district=mapo),
            note="신분증",
        )
    assert error.value.code == "out_of_district"


def test_residents_may_not_verify_others_in_person(process, dongs, gangbuk):
    with pytest.raises(DomainError) as error:
        services.verification_in_person(
            actor=user_with_role(Role.RESIDENT, gangbuk),
            process=process,
            user=UserFactory(),
            name="정다은",
            birth_date="2001-07-07",
            dong=dongs[0],
            note="신분증",
        )
    assert error.value.code == "forbidden"


def test_revoke(operator, process, dongs):
    upload(operator, process)
    person = UserFactory()
    verification = services.verification_claim(
        actor=person, process=process, name="홍길동", birth_date="1980-05-17", dong="수유1동"
    )
    services.verification_revoke(actor=operator, verification=verification, reason="본인 아님 신고")
    assert not ResidentVerification.objects.exists()
    assert AuditEntry.objects.filter(action="revoke", note="본인 아님 신고").exists()
