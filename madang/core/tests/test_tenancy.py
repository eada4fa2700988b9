"""Tenancy: one walk over every URL with a district and an object id, HTML and API.

For each such URL, an object of 마포구 requested under 강북구's slug must be a 404, while the same
object under its own district is found. The person asking holds every district role in both
districts, so only the district scoping can refuse. A new URL that no app registered in its
`tests/tenancy.py` fails the walk.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from madang.core.tenancy import ensure_in_district, get_in_district
from madang.core.testing import TENANCY_EXEMPT, load_tenancy_registrations


def _params(pattern) -> list[str]:
    inner = pattern.pattern
    if hasattr(inner, "converters") and inner.converters:
        return list(inner.converters)
    regex = getattr(inner, "regex", None)
    return list(regex.groupindex) if regex is not None else []


def _walk(resolver, prefix_params=(), namespace=""):
    for entry in resolver.url_patterns:
        params = [*prefix_params, *_params(entry)]
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, params, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", params


def district_object_urls() -> dict[str, list[str]]:
    """{URL name: its parameters} for every pattern with a district and another parameter."""
    found = {}
    for name, params in _walk(get_resolver()):
        others = [p for p in params if p not in {"district", "format"}]
        if "district" in params and others and "format" not in params:
            found[name] = others
    return found


def test_every_district_object_url_is_registered():
    registered = load_tenancy_registrations()
    missing = sorted(set(district_object_urls()) - set(registered) - set(TENANCY_EXEMPT))
    assert not missing, f"register these in the app's tests/tenancy.py: {missing}"
    unknown = sorted(set(registered) - set(district_object_urls()))
    assert not unknown, f"registered names that are no URL with a district and an id: {unknown}"


@pytest.fixture
def everywhere_admin(gangbuk, mapo):
    """A person with every district role in both districts (only tenancy can refuse them)."""
    user = UserFactory()
    for district in (gangbuk, mapo):
        for role in (Role.RESIDENT, Role.ORG_MEMBER, Role.OPERATOR, Role.OFFICIAL, Role.DISTRICT_ADMIN):
            RoleAssignmentFactory(user=user, district=district, role=role)
    return user


def _request(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(district_object_urls()))
def test_another_districts_object_is_a_404(name, client, gangbuk, mapo, everywhere_admin, settings):
    settings.MADANG_PAGE_CACHE = False
    if name in TENANCY_EXEMPT:
        pytest.skip(TENANCY_EXEMPT[name])
    factory = load_tenancy_registrations()[name]
    kwargs = factory(mapo)
    client.force_login(everywhere_admin)

    foreign = _request(client, reverse(name, kwargs={"district": gangbuk.slug, **kwargs}))
    assert foreign.status_code == 404, f"{name}: 마포구's object answered {foreign.status_code} under 강북구"

    own = _request(client, reverse(name, kwargs={"district": mapo.slug, **kwargs}))
    assert own.status_code != 404, f"{name}: the object is not found even in its own district"


@pytest.mark.django_db
def test_get_in_district_answers_404_for_odd_ids(gangbuk):
    from madang.core.exceptions import NotFound
    from madang.network.models import Organisation

    for bad in (0, -1, 2**63, "abc", None):
        with pytest.raises(NotFound):
            get_in_district(Organisation, gangbuk, pk=bad)


@pytest.mark.django_db
def test_ensure_in_district_refuses_other_districts_objects_in_korean(gangbuk, mapo):
    from madang.core.services import DomainError
    from madang.districts.models import Dong
    from madang.network.models import IssueArea

    dong = Dong.objects.create(district=mapo, code="1144000000", name="망원동")
    with pytest.raises(DomainError) as info:
        ensure_in_district(gangbuk, dong)
    assert info.value.message == "'망원동'은(는) 이 자치구의 행정동이 아닙니다."
    assert info.value.code == "out_of_district"
    common = IssueArea.objects.create(name="시험 공통 의제")
    ensure_in_district(gangbuk, common, allow_common=True)
    ensure_in_district(mapo, dong)


def district_list_urls() -> list[str]:
    """Every URL with a district and no other parameter (pages and API lists of a district)."""
    names = []
    for name, params in _walk(get_resolver()):
        if "district" in params and "format" not in params and set(params) == {"district"}:
            names.append(name)
    return sorted(names)


def test_every_district_list_url_is_registered():
    from madang.core.testing import TENANCY_LISTS

    load_tenancy_registrations()
    missing = sorted(set(district_list_urls()) - set(TENANCY_LISTS) - set(TENANCY_EXEMPT))
    assert not missing, f"register these in the app's tests/tenancy.py (tenancy_list or exempt): {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", district_list_urls())
def test_another_districts_objects_never_listed(name, client, gangbuk, mapo, everywhere_admin, settings):
    from madang.core.testing import TENANCY_LISTS

    # the page cache would serve 강북구's first answer again (its version did not move): run the views
    settings.MADANG_PAGE_CACHE = False

    load_tenancy_registrations()
    if name not in TENANCY_LISTS:
        pytest.skip(TENANCY_EXEMPT.get(name, "not a list"))
    client.force_login(everywhere_admin)
    before = client.get(reverse(name, kwargs={"district": gangbuk.slug}))
    marker, query = TENANCY_LISTS[name](mapo)
    foreign = client.get(reverse(name, kwargs={"district": gangbuk.slug}), query)
    own = client.get(reverse(name, kwargs={"district": mapo.slug}), query)
    assert foreign.status_code == own.status_code == 200, (foreign.status_code, own.status_code)
    if marker is None:  # counts only (JSON): 강북구's figures do not move when 마포구's data does
        assert foreign.json() == before.json()
        assert own.json() != before.json()
        return
    assert marker not in foreign.content.decode(), f"{name}: 마포구's {marker} is listed under 강북구"
    assert marker in own.content.decode(), f"{name}: {marker} is not even listed in its own district"


@pytest.mark.django_db
def test_district_scoped_viewset_scopes_whatever_the_viewset_lists(gangbuk, mapo, rf):
    """The base applies `.in_district()` itself, even to a queryset a viewset forgot to scope."""
    from rest_framework import mixins

    from madang.core.api import DistrictScopedViewSet
    from madang.network.models import Organisation
    from madang.network.tests.factories import OrganisationFactory

    class Careless(mixins.ListModelMixin, DistrictScopedViewSet):
        pagination_class = None

        def get_district_queryset(self):
            return Organisation.objects.all()  # forgot the district

        def list(self, request, *args, **kwargs):
            from rest_framework.response import Response

            return Response([org.name for org in self.get_queryset()])

    OrganisationFactory(district=gangbuk, name="강북 단체")
    OrganisationFactory(district=mapo, name="마포 단체")
    response = Careless.as_view({"get": "list"})(rf.get("/"), district="gangbuk")
    assert response.data == ["강북 단체"]
