"""Odd values at every URL parameter and every known query parameter: never a 5xx.

Walks the URL resolver (as the tenancy walk does), and sends huge and negative integers, NUL bytes,
`%00`, full-width digits, emoji, SQL-ish and very long text to

- every path parameter of every URL pattern (HTML and API, the Django admin included), and
- every known query parameter, alone, of every list page (and at random, of every page without an
  object id),

as an anonymous visitor and as a person holding every role of the district. Only GET requests, so the
data set up once is never changed. The test client re-raises a view's exception, so a crash fails
with its traceback; any other answer must be below 500. Runs on SQLite and PostgreSQL (where a NUL
byte in a query is a DataError and a huge integer is an out-of-range error).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madang.accounts.models import Role
from madang.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from madang.core.tests.test_tenancy import _walk
from madang.network.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    tie,
)

pytestmark = pytest.mark.django_db

TEXT_MARK = "zzfuzzmark"
INT_MARK = 987654321
# too slow to ask for on every example (the OpenAPI schema is built on each request)
SLOW = {"schema"}
KNOWN_QUERY_PARAMS = [
    "q",
    "kind",
    "issue_area",
    "dong",
    "members_only",
    "page",
    "page_size",
    "status",
    "heading",
    "order",
    "organisation",
    "city",
    "program",
    "program_year",
    "format",
    "next",
    "seed",  # residents: the draw re-run check
    "n",  # residents: the draw re-run check
    "max_per_dong",  # residents: the draw re-run check
    "sex_balance",  # residents: the draw re-run check
    "age_bands_equal",  # residents: the draw re-run check
    "vulnerable_min_percent",  # residents: the draw re-run check
    "quotas",  # residents: the draw re-run API
]
ODD_VALUES = [
    "9223372036854775808",  # one past bigint
    "-9223372036854775809",
    "99999999999999999999999999999999",
    "-1",
    "0",
    "\x00",
    "%00",
    "a\x00b",
    "１２３",  # full-width digits
    "²",  # a digit to str.isdigit(), not to int()
    "1e309",
    "NaN",
    "강북구",
    "🙂🏳️‍🌈",
    "\u202egpj.exe",
    "' OR 1=1 --",
    '"; DROP TABLE network_organisation; --',
    "<script>alert(1)</script>",
    "&lt;script&gt;",
    "../../etc/passwd",
    "x" * 3000,
    " ",
    "",
]
INTEGER_VALUES = ["9223372036854775808", "99999999999999999999999999999999", "0"]
QUERY_VALUES = ["9223372036854775808", "x" * 3000]
# the sweep's share of ODD_VALUES (the random examples draw from all of them)
TEXT_VALUES = [
    "9223372036854775808",
    "-1",
    "a\x00b",
    "%00",
    "１２３",
    "🙂",
    "' OR 1=1 --",
    "x" * 3000,
    "\u202e",
]
odd_values = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Nd", "No", "Cc", "Cf", "So"]), max_size=12),
)


def _path_targets() -> list[tuple[str, str]]:
    """(URL with one parameter's marker, marker) for every parameter of every URL pattern."""
    targets = {}
    for name, params in _walk(get_resolver()):
        if name in SLOW:
            continue
        for fuzzed in params:
            kwargs = {p: ("gangbuk" if p == "district" else "1") for p in params if p != fuzzed}
            if "format" in kwargs:
                kwargs["format"] = "json"
            for mark in (TEXT_MARK, INT_MARK):
                try:
                    url = reverse(name, kwargs={**kwargs, fuzzed: mark})
                except NoReverseMatch:
                    continue
                targets[(url, str(mark))] = None
                break
    return sorted(targets)


def _page_urls() -> dict[str, str]:
    """{URL name: URL} of every page with no parameter but the district (lists, forms, the API's lists)."""
    urls = {}
    for name, params in _walk(get_resolver()):
        if name in SLOW or not set(params) <= {"district"}:
            continue
        urls.setdefault(name, reverse(name, kwargs={"district": "gangbuk"} if params else {}))
    return urls


def _is_list(name: str) -> bool:
    """A page that reads query parameters: a list, a search, a dashboard."""
    return not name.startswith("admin:") and (
        name.endswith(("-list", "_list", "-stats")) or name in LIST_NAMES
    )


LIST_NAMES = {
    "accounts:notifications",
    "districts:audit_log",
    "districts:city",
    "districts:detail",
    "districts:roles",
    "network:analytics",
    "network:apply",
    "network:home",
    "network:membership_manage",
    "network:search",
}


PATH_TARGETS = _path_targets()
PAGE_URLS = sorted(set(_page_urls().values()))
LIST_URLS = sorted(url for name, url in _page_urls().items() if _is_list(name))


@pytest.fixture
def people(gangbuk):
    """Some data for the pages to show, and who asks: nobody, and a person with every district role."""
    orgs = [OrganisationFactory(district=gangbuk, name=f"마을 돌봄 모임 {i}") for i in range(3)]
    tie(orgs[0], orgs[1])
    MembershipFactory(organisation=orgs[0], status="approved")
    PersonFactory(district=gangbuk, is_public=True)
    ResourceFactory(district=gangbuk, owner=orgs[0])
    user = UserFactory()
    for role in (Role.RESIDENT, Role.ORG_MEMBER, Role.OPERATOR, Role.OFFICIAL, Role.DISTRICT_ADMIN):
        RoleAssignmentFactory(user=user, district=gangbuk, role=role)
    return {"anonymous": None, "every role": user}


def _get(client, user, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url, data)
    assert response.status_code < 500, (url, data, response.status_code)
    return response


FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def test_the_walk_finds_parameters_and_list_pages():
    assert len(PATH_TARGETS) > 40 and len(PAGE_URLS) > 40 and len(LIST_URLS) > 15
    assert any("/api/v1/districts/" in url for url, _mark in PATH_TARGETS)
    assert {
        "/api/v1/gangbuk/resources/",
        "/api/v1/gangbuk/persons/",
        "/gangbuk/network/organisations/",
    } <= set(LIST_URLS)


def test_every_path_parameter_takes_the_odd_values_without_a_5xx(client, people):
    """The sweep: each parameter of each URL gets each fixed odd value, anonymously (an integer
    parameter only the integers: anything else is no URL). The admin's answer to a visitor is the
    same log-in page whatever the value, so it gets a few."""
    for url, mark in PATH_TARGETS:
        values = TEXT_VALUES if mark == TEXT_MARK else INTEGER_VALUES
        if url.startswith("/admin/"):
            values = values[:3]
        for value in values:
            _get(client, None, url.replace(mark, quote(value, safe="")))


def test_every_query_parameter_of_every_list_page_takes_the_odd_values_without_a_5xx(client, people):
    """The sweep: each known parameter, alone (so another one's refusal cannot hide it), with each
    fixed odd value at each list page, from the person who may see the most; visitors and every
    other page get the random examples below."""
    for url in LIST_URLS:
        for param in KNOWN_QUERY_PARAMS:
            for value in QUERY_VALUES:
                _get(client, people["every role"], url, {param: value})


@FUZZ
@given(data=st.data())
def test_path_parameters_fuzzed(client, people, data):
    url, mark = data.draw(st.sampled_from(PATH_TARGETS), label="url")
    value = data.draw(odd_values.filter(lambda v: v.strip(" ") != ""), label="value")
    user = data.draw(st.sampled_from(list(people.values())), label="user")
    _get(client, user, url.replace(mark, quote(value, safe="")))


@FUZZ
@given(data=st.data())
def test_query_parameters_fuzzed(client, people, data):
    url = data.draw(st.sampled_from(PAGE_URLS), label="url")
    params = data.draw(
        st.dictionaries(st.sampled_from(KNOWN_QUERY_PARAMS), odd_values, min_size=1, max_size=2),
        label="query",
    )
    user = data.draw(st.sampled_from(list(people.values())), label="user")
    _get(client, user, url, params)
