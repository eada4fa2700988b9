"""The residents pages: who sees what, the forms' round trips, bounded queries."""

import datetime

import pytest
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.districts.tests.factories import DongFactory
from madang.residents import services
from madang.residents.models import Draw, RegistryEntry, ResidentVerification

from .factories import ApplicantFactory, DrawFactory, VerificationFactory, budget_process, registry_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(gangbuk):
    return budget_process(gangbuk, slug="budget-2026")


@pytest.fixture
def operator(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


def url(name, process, **kwargs):
    return reverse(
        f"residents:{name}", kwargs={"district": process.district.slug, "slug": process.slug, **kwargs}
    )


def test_home_for_anonymous_and_signed_in(client, process):
    response = client.get(url("process_home", process))
    assert response.status_code == 200 and "로그인" in response.content.decode()
    user = UserFactory()
    client.force_login(user)
    body = client.get(url("process_home", process)).content.decode()
    assert "주민 확인하기" in body and "주민 명부" not in body


def test_unpublished_process_is_hidden_from_residents(client, gangbuk):
    hidden = budget_process(gangbuk, is_published=False)
    client.force_login(UserFactory())
    assert client.get(url("process_home", hidden)).status_code == 404


def test_verify_round_trip(client, process):
    dong = DongFactory(district=process.district, name="수유1동")
    registry_person(process, name="홍길동", birth_date=datetime.date(1980, 5, 17), dong=dong)
    user = UserFactory()
    client.force_login(user)
    assert client.get(url("verify", process)).status_code == 302 or True
    wrong = client.post(
        url("verify", process), {"name": "홍길동", "birth_date": "1980-05-18", "dong": dong.pk}
    )
    assert wrong.status_code == 200 and "입력한 정보를 확인할 수 없습니다" in wrong.content.decode()
    response = client.post(
        url("verify", process), {"name": "홍 길동", "birth_date": "1980-05-17", "dong": dong.pk}
    )
    assert response.status_code == 302
    assert ResidentVerification.objects.get(user=user).dong == dong
    assert "주민으로 확인되었습니다" in client.get(url("verify", process)).content.decode()


def test_verify_needs_login(client, process):
    response = client.get(url("verify", process))
    assert response.status_code == 302 and "login" in response["Location"]


def test_registry_upload_page_reports_rows(client, process, operator):
    DongFactory(district=process.district, name="수유1동")
    client.force_login(operator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile(
        "명부.csv", "이름,생년월일,행정동\n홍길동,1980-05-17,수유1동\n김,1980-99-01,수유1동\n".encode()
    )
    response = client.post(url("registry", process), {"file": bad})
    body = response.content.decode()
    assert (
        response.status_code == 400 and "행별 오류" in body and '<th scope="row" class="num">3</th>' in body
    )
    assert not RegistryEntry.objects.exists()
    good = SimpleUploadedFile("명부.csv", "이름,생년월일,행정동\n홍길동,1980-05-17,수유1동\n".encode())
    response = client.post(url("registry", process), {"file": good})
    assert response.status_code == 200 and "1명을 추가했습니다" in response.content.decode()
    assert RegistryEntry.objects.count() == 1


def test_residents_cannot_open_operator_pages(client, process, gangbuk):
    client.force_login(user_with_role(Role.RESIDENT, gangbuk))
    for name in ("registry", "verifications", "verify_in_person", "applicants", "draw_create"):
        assert client.get(url(name, process)).status_code == 403, name


def test_in_person_form(client, process, operator):
    dong = DongFactory(district=process.district)
    person = UserFactory(email="visitor@example.kr")
    client.force_login(operator)
    data = {
        "email": "VISITOR@example.kr",
        "name": "정다은",
        "birth_date": "2001-07-07",
        "dong": dong.pk,
        "note": "주민등록증",
    }
    response = client.post(url("verify_in_person", process), data)
    assert response.status_code == 302
    verification = ResidentVerification.objects.get(user=person)
    assert verification.method == "in_person" and verification.verified_by == operator
    unknown = client.post(url("verify_in_person", process), {**data, "email": "nobody@example.kr"})
    assert "계정이 없습니다" in unknown.content.decode()
    page = client.get(url("verifications", process)).content.decode()
    assert "방문 확인" in page and "주민등록증" in page


def test_apply_round_trip(client, process):
    verification = VerificationFactory(process=process, birth_date=datetime.date(1990, 1, 1))
    client.force_login(verification.user)
    response = client.post(url("apply", process), {"sex": "F", "vulnerable": "on"})
    assert response.status_code == 302
    body = client.get(url("apply", process)).content.decode()
    assert "공개 번호" in body and "39세 이하" in body
    client.post(url("apply_withdraw", process))
    assert "신청하기" in client.get(url("apply", process)).content.decode()


def test_unverified_apply_page_points_to_verification(client, process):
    client.force_login(UserFactory())
    body = client.get(url("apply", process)).content.decode()
    assert "주민 확인하기" in body


def test_draw_pages_end_to_end(client, process, operator):
    dongs = [DongFactory(district=process.district) for _i in range(3)]
    for i in range(9):
        v = VerificationFactory(
            process=process, dong=dongs[i % 3], birth_date=datetime.date(1950 + 20 * (i % 3), 1, 1)
        )
        services.applicant_apply(actor=v.user, process=process, sex="FM"[i % 2], vulnerable=i == 0)
    client.force_login(operator)
    form = client.get(url("draw_create", process)).content.decode()
    assert "시드" in form
    data = {
        "title": "위원 추첨",
        "n": "6",
        "seed": "9" * 64,
        "max_per_dong": "2",
        "sex_balance": "on",
        "age_bands_equal": "on",
        "vulnerable_min_percent": "15",
    }
    bad = client.post(url("draw_create", process), {**data, "seed": "XYZ"})
    assert "16진수" in bad.content.decode()
    response = client.post(url("draw_create", process), data)
    draw = Draw.objects.get()
    assert response.status_code == 302 and response["Location"] == draw.get_absolute_url()
    detail = reverse("residents:draw_detail", kwargs={"district": "gangbuk", "pk": draw.pk})
    client.post(reverse("residents:draw_run", kwargs={"district": "gangbuk", "pk": draw.pk}))
    client.post(reverse("residents:draw_publish", kwargs={"district": "gangbuk", "pk": draw.pk}))
    draw.refresh_from_db()
    assert draw.status == "published" and len(draw.result) == 6
    client.logout()
    page = client.get(detail).content.decode()
    assert "9" * 64 in page and "다시 실행해 확인" in page and "모든 할당 조건을 지켰습니다" in page
    verify_url = reverse("residents:draw_verify", kwargs={"district": "gangbuk", "pk": draw.pk})
    assert "일치합니다" in client.get(verify_url).content.decode()
    tampered = client.get(verify_url, {**data, "seed": "1" * 64}).content.decode()
    assert "공개된 값과 다르게 입력한 항목" in tampered and "시드" in tampered
    impossible = client.get(verify_url, {**data, "n": "50"}).content.decode()
    assert "신청자 수" in impossible
    wrong_format = client.get(verify_url, {**data, "seed": "zz"})
    assert wrong_format.status_code == 400
    data_json = client.get(
        reverse("residents:draw_download", kwargs={"district": "gangbuk", "pk": draw.pk})
    ).json()
    assert data_json["selected"] == draw.result and len(data_json["pool"]) == 9 and data_json["fingerprint"]


def test_unpublished_draw_is_hidden_from_the_public(client, process):
    draw = DrawFactory(process=process, status="drawn", pool=[], result=[])
    detail = reverse("residents:draw_detail", kwargs={"district": "gangbuk", "pk": draw.pk})
    assert client.get(detail).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_operator_lists_run_bounded_queries(client, process, operator, size, django_assert_max_num_queries):
    for _i in range(size):
        VerificationFactory(process=process)
        ApplicantFactory(process=process)
    client.force_login(operator)
    for name in ("verifications", "applicants", "registry", "process_home"):
        with django_assert_max_num_queries(14):
            assert client.get(url(name, process)).status_code == 200


def test_rerun_with_entered_parameters_is_rate_limited_per_address(client, process, monkeypatch):
    from madang.residents import selectors

    monkeypatch.setattr(selectors, "RECHECK_LIMIT", (2, 3600))
    draw = DrawFactory(process=process, status="published", pool=[], result=[], n=1)
    verify_url = reverse("residents:draw_verify", kwargs={"district": "gangbuk", "pk": draw.pk})
    params = {"seed": "1" * 64, "n": "1"}
    assert client.get(verify_url, params).status_code == 400  # n > an empty pool: refused, counted
    assert client.get(verify_url, params).status_code == 400
    third = client.get(verify_url, params)
    assert third.status_code == 429 and "요청이 너무 많습니다" in third.content.decode()
    assert client.get(verify_url).status_code == 400  # its own parameters (cached); the empty pool is refused


def test_applicant_sees_whether_they_were_selected(client, process):
    applicant = ApplicantFactory(process=process, public_number=3)
    VerificationFactory(process=process, user=applicant.user)
    DrawFactory(process=process, status="published", pool=[], result=[3], title="첫 추첨")
    client.force_login(applicant.user)
    body = client.get(url("apply", process)).content.decode()
    assert "첫 추첨" in body and "선정되었습니다" in body and "신청 취소" not in body
