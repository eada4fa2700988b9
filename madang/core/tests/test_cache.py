"""Page cache keyed by data versions (madang.core.cache): fast, per viewer, never stale."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.services import role_grant
from madang.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from madang.core import cache as page_cache
from madang.network import services
from madang.network.models import Organisation
from madang.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _operator(district, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, district=district, role=Role.OPERATOR)
    return user


def test_second_anonymous_request_is_served_without_queries(client, gangbuk, django_assert_num_queries):
    OrganisationFactory(district=gangbuk, name="첫단체")
    url = reverse("network:organisation_list", args=[gangbuk.slug])
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert "첫단체" in second.content.decode()


def test_a_write_through_a_service_shows_at_once(client, gangbuk):
    org = OrganisationFactory(district=gangbuk, name="옛이름단체")
    editor = _operator(gangbuk)
    detail = reverse("network:organisation_detail", args=[gangbuk.slug, org.pk])
    listing = reverse("network:organisation_list", args=[gangbuk.slug])
    api = f"/api/v1/{gangbuk.slug}/organisations/"
    for url in (detail, listing, api):
        assert "옛이름단체" in client.get(url).content.decode()
    services.organisation_update(actor=editor, org=org, data={"name": "새이름단체"})
    for url in (detail, listing, api):
        body = client.get(url).content.decode()
        assert "새이름단체" in body and "옛이름단체" not in body, url


def test_new_rows_and_deletes_show_at_once(client, gangbuk):
    url = reverse("network:organisation_list", args=[gangbuk.slug])
    assert "나중단체" not in client.get(url).content.decode()
    org = OrganisationFactory(district=gangbuk, name="나중단체")  # a plain save, not through a service
    assert "나중단체" in client.get(url).content.decode()
    Organisation.objects.filter(pk=org.pk).delete()
    assert "나중단체" not in client.get(url).content.decode()


def test_bump_is_repeated_on_commit(gangbuk, django_capture_on_commit_callbacks):
    before = page_cache.version_get(gangbuk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        OrganisationFactory(district=gangbuk)
        during = page_cache.version_get(gangbuk)
    assert during != before
    assert callbacks, "the version is bumped again when the transaction commits"
    for callback in callbacks:
        callback()
    assert page_cache.version_get(gangbuk) not in {before, during}


def test_another_districts_write_keeps_this_districts_pages(gangbuk, mapo):
    version = page_cache.version_get(gangbuk)
    OrganisationFactory(district=mapo)
    assert page_cache.version_get(gangbuk) == version


def test_each_viewer_gets_their_own_page(gangbuk):
    url = reverse("districts:detail", args=[gangbuk.slug])
    anonymous, alice, bob = Client(), Client(), Client()
    alice.force_login(_operator(gangbuk, display_name="앨리스운영"))
    bob.force_login(UserFactory(display_name="밥주민"))
    for _round in range(2):  # the second round is served from the cache
        a = alice.get(url).content.decode()
        b = bob.get(url).content.decode()
        anon = anonymous.get(url).content.decode()
        assert "앨리스운영" in a and "밥주민" not in a
        assert "밥주민" in b and "앨리스운영" not in b
        assert "앨리스운영" not in anon and "밥주민" not in anon
        assert reverse("accounts:login") in anon
        assert reverse("districts:audit_log", args=[gangbuk.slug]) not in b + anon


def test_a_granted_role_shows_at_once(client, gangbuk):
    url = reverse("districts:detail", args=[gangbuk.slug])
    user = UserFactory()
    client.force_login(user)
    roles_link = reverse("districts:roles", args=[gangbuk.slug])
    assert roles_link not in client.get(url).content.decode()
    admin = UserFactory()
    RoleAssignmentFactory(user=admin, district=None, city=gangbuk.city, role=Role.CITY_ADMIN)
    role_grant(actor=admin, user=user, district=gangbuk, role=Role.DISTRICT_ADMIN)
    assert roles_link in client.get(url).content.decode()


def test_profile_change_shows_in_the_header_at_once(client, gangbuk):
    user = UserFactory(display_name="예전이름")
    client.force_login(user)
    url = reverse("districts:detail", args=[gangbuk.slug])
    assert "예전이름" in client.get(url).content.decode()
    user.display_name = "바뀐이름"
    user.save()
    assert "바뀐이름" in client.get(url).content.decode()


def test_cached_forms_carry_each_visitors_own_csrf_token(gangbuk):
    url = reverse("network:organisation_list", args=[gangbuk.slug])
    Client().get(url)  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    body = visitor.get(url).content.decode()
    assert page_cache.CSRF_PLACEHOLDER not in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    response = visitor.post(
        reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_language_is_part_of_the_key(client, gangbuk):
    url = reverse("network:organisation_list", args=[gangbuk.slug])
    korean = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert 'lang="ko"' in korean and 'lang="en"' in english


def test_pending_messages_are_shown_not_cached(client, gangbuk):
    url = reverse("network:organisation_list", args=[gangbuk.slug])
    warned = client.get(url, {"kind": "no-such-kind"})
    assert "잘못된 검색 조건" in warned.content.decode()
    again = client.get(url, {"kind": "no-such-kind"})
    assert "잘못된 검색 조건" in again.content.decode()  # rendered again, with its message


def test_unknown_district_is_still_a_404(client, seoul):
    assert client.get("/no-such-district/network/organisations/").status_code == 404
    assert client.get("/api/v1/no-such-district/organisations/").status_code == 404


def test_the_cache_can_be_turned_off(client, gangbuk, settings, django_assert_max_num_queries):
    settings.MADANG_PAGE_CACHE = False
    url = reverse("network:organisation_list", args=[gangbuk.slug])
    client.get(url)
    with django_assert_max_num_queries(10) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) > 0  # rendered again


def test_a_logged_in_hit_reads_only_the_session(client, gangbuk, django_assert_num_queries):
    client.force_login(_operator(gangbuk))
    url = reverse("network:organisation_list", args=[gangbuk.slug])
    client.get(url)
    with django_assert_num_queries(1) as captured:  # sessions are in the database here, in Redis in prod
        assert client.get(url).status_code == 200
    assert "django_session" in captured.captured_queries[0]["sql"]


def test_a_changed_password_logs_the_session_out_of_cached_pages(client, gangbuk):
    user = UserFactory(display_name="비번바꿈")
    client.force_login(user)
    url = reverse("districts:detail", args=[gangbuk.slug])
    assert "비번바꿈" in client.get(url).content.decode()
    user.set_password("a-completely-new-password-42")
    user.save()
    body = client.get(url).content.decode()
    assert "비번바꿈" not in body and reverse("accounts:login") in body


def test_api_hits_keep_their_headers(client, gangbuk):
    url = f"/api/v1/{gangbuk.slug}/organisations/"
    first, second = client.get(url), client.get(url)
    assert second.json() == first.json()
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    assert "Accept" in second["Vary"] and "Cookie" in second["Vary"]
