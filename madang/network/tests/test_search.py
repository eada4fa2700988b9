"""Korean search through kiwipiepy tokens in FTS5 (SQLite) or tsvector (PostgreSQL)."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from madang.core.search import search as core_search
from madang.network import search
from madang.network.tests.factories import OrganisationFactory, PersonFactory, ResourceFactory

pytestmark = pytest.mark.django_db


# the network's own types (other capabilities register theirs in the same search)
NETWORK_TYPES = ["organisation", "person", "resource"]


def names(district, query, object_type="organisation"):
    from madang.network.models import Organisation

    ids = [pk for _t, pk in search.search_ids(district=district, query=query, object_type=object_type)]
    by_id = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [by_id[i] for i in ids]


def test_tokenize_splits_compounds():
    assert {"마포", "공동체", "경제", "협동조합"} <= set(search.tokenize("마포공동체경제협동조합"))
    assert {"아이", "돌봄", "품앗이"} <= set(search.tokenize("아이돌봄 품앗이"))


@pytest.fixture
def mapo_orgs(mapo):
    orgs = {
        name: OrganisationFactory(district=mapo, name=name)
        for name in [
            "마포공동체경제협동조합",
            "아이돌봄 품앗이",
            "망원동 청년 주거 모임",
            "성산 문화예술 극단",
        ]
    }
    for org in orgs.values():
        search.index_organisation(org)
    return orgs


def test_compound_word_is_found_by_its_part(mapo, mapo_orgs):
    assert names(mapo, "협동조합") == ["마포공동체경제협동조합"]
    assert names(mapo, "돌봄") == ["아이돌봄 품앗이"]


def test_any_word_order(mapo, mapo_orgs):
    assert names(mapo, "청년 주거") == ["망원동 청년 주거 모임"]
    assert names(mapo, "주거 청년") == ["망원동 청년 주거 모임"]
    assert names(mapo, "경제협동조합 마포") == ["마포공동체경제협동조합"]
    assert names(mapo, "아이돌봄 품앗이") == ["아이돌봄 품앗이"]
    assert names(mapo, "품앗이 아이돌봄") == ["아이돌봄 품앗이"]


def test_particles_and_endings_are_ignored(mapo, mapo_orgs):
    assert names(mapo, "협동조합을") == ["마포공동체경제협동조합"]
    assert names(mapo, "청년들의 주거") == ["망원동 청년 주거 모임"]


def test_all_words_must_match_and_other_districts_are_invisible(mapo, gangbuk, mapo_orgs):
    assert names(mapo, "청년 극단") == []
    gangbuk_org = OrganisationFactory(district=gangbuk, name="강북 협동조합 연합")
    search.index_organisation(gangbuk_org)
    assert names(mapo, "협동조합") == ["마포공동체경제협동조합"]
    assert names(gangbuk, "협동조합") == ["강북 협동조합 연합"]


def test_quotes_and_operators_in_query_are_harmless(mapo, mapo_orgs):
    for query in ['"', "AND OR NOT", '협동조합" OR "x', "*", "NEAR(a b)", "'; DROP TABLE x; --", "   "]:
        search.search_ids(district=mapo, query=query)


def test_index_updates_when_content_changes(mapo, mapo_orgs):
    org = mapo_orgs["성산 문화예술 극단"]
    org.name = "성산 생태 텃밭"
    org.save()
    search.index_organisation(org)
    assert names(mapo, "텃밭") == ["성산 생태 텃밭"]
    assert names(mapo, "극단") == []
    search.index_remove(object_type="organisation", object_id=org.pk)
    assert names(mapo, "텃밭") == []


def test_persons_and_resources_are_searchable(mapo):
    person = PersonFactory(district=mapo, skills="영상 편집과 사진")
    search.index_person(person)
    resource = ResourceFactory(district=mapo, name="연남동 공유 회의실")
    search.index_resource(resource)
    assert search.search_ids(district=mapo, query="영상", object_type="person") == [("person", person.pk)]
    assert search.search_ids(district=mapo, query="회의실") == [("resource", resource.pk)]


# --- the search page's registry search: exact counts and pages, never a silent cap ---------------


@pytest.fixture
def many_orgs(gangbuk):
    """45 organisations about 돌봄 (more than two pages of 20), indexed in bulk."""
    orgs = [OrganisationFactory(district=gangbuk, name=f"돌봄 모임 {i:02d}") for i in range(45)]
    search.index_organisations(orgs)
    return orgs


def test_search_counts_every_hit_and_pages_through_all(gangbuk, many_orgs, django_assert_max_num_queries):
    seen = []
    for page in (1, 2, 3):
        with django_assert_max_num_queries(7):  # hits, then per type: allowed ids, page rows
            sections = core_search(district=gangbuk, query="돌봄", page=page, types=NETWORK_TYPES)
        by_name = {s.name: s for s in sections}
        assert [s.name for s in sections] == ["organisation", "person", "resource"]
        assert by_name["organisation"].count == 45 and by_name["person"].count == 0
        seen += [r.title for r in by_name["organisation"].page]
        assert len(by_name["organisation"].page) == (20, 20, 5)[page - 1]
    assert sorted(seen) == sorted(o.name for o in many_orgs)  # each once
    last = core_search(district=gangbuk, query="돌봄", page=99, types=["organisation"])
    assert [s.name for s in last] == ["organisation"] and last[0].page.number == 3  # out of range → last


def test_search_counts_only_rows_the_type_lets_people_find(gangbuk):
    public = PersonFactory(district=gangbuk, skills="목공")
    hidden = PersonFactory(district=gangbuk, skills="목공")
    search.index_person(public)
    search.index_person(hidden)
    hidden.is_public = False  # a stale index row (e.g. written before the change): never shown
    hidden.save()
    [section] = core_search(district=gangbuk, query="목공", types=["person"])
    assert section.count == 1 and [r.title for r in section.page] == [public.user.display_name]


def test_invisible_types_are_not_searched(gangbuk, many_orgs):
    from madang.core import registry

    organisation = registry.search_type("organisation")
    with registry.isolated():
        registry.register_search_type(
            "organisation",
            label=organisation.label,
            queryset=organisation.queryset,
            result=organisation.result,
            visible=lambda user, district: user is not None and user.is_staff,
            order=organisation.order,
        )
        names = [
            s.name
            for s in core_search(district=gangbuk, query="돌봄", user=AnonymousUser(), types=NETWORK_TYPES)
        ]
    assert names == ["person", "resource"]


def test_empty_query_searches_nothing(gangbuk, many_orgs):
    assert core_search(district=gangbuk, query="  ") == []
    assert search.search_ids(district=gangbuk, query="돌봄", limit=10)[:1] != []
    assert len(search.search_ids(district=gangbuk, query="돌봄")) == 45  # no default cap


def test_search_page_shows_true_counts_and_pages(client, gangbuk, many_orgs, django_assert_max_num_queries):
    url = reverse("network:search", kwargs={"district": gangbuk.slug})
    with django_assert_max_num_queries(12):
        html = client.get(url, {"q": "돌봄"}).content.decode()
    assert "단체 (45)" in html and "활동가 (0)" in html
    assert html.count("돌봄 모임 ") == 20
    assert "type=organisation" in html and "단체 결과 45건 모두 보기" in html
    names = set()
    for page in (1, 2, 3):
        with django_assert_max_num_queries(12):
            response = client.get(url, {"q": "돌봄", "type": "organisation", "page": page})
        html = response.content.decode()
        assert "단체 (45)" in html and "활동가 (" not in html
        names |= {o.name for o in many_orgs if o.name in html}
        assert f"{page} / 3 페이지" in html
    assert len(names) == 45
    assert client.get(url, {"q": "돌봄", "type": "alien", "page": "x"}).status_code == 200


NOMINAL_CASES = [
    # (organisation name, query) — -ㅁ/-음 nouns alone, inside compounds, with particles
    ("아이돌봄 품앗이", "돌봄을"),
    ("아이돌봄 품앗이", "아이돌봄에"),
    ("수유 나눔장터", "나눔"),
    ("수유 나눔장터", "나눔을"),
    ("번동 나눔", "나눔이"),
    ("마을 배움터", "배움"),
    ("마을 배움터", "배움에서"),
    ("주민모임 한마음", "모임"),
    ("삼양 살림 협동조합", "살림을"),
    ("어울림마당 미아", "어울림으로"),
]


@pytest.mark.parametrize(("name", "query"), NOMINAL_CASES)
def test_nominalised_verbs_are_found_alone_in_compounds_and_with_particles(gangbuk, name, query):
    org = OrganisationFactory(district=gangbuk, name=name)
    OrganisationFactory(district=gangbuk, name="강북 문화예술 극단")  # a non-match
    for other in type(org).objects.filter(district=gangbuk):
        search.index_organisation(other)
    assert names(gangbuk, query) == [name]


def test_a_nominalised_verb_is_one_token_in_index_and_query():
    from madang.core.search import query_terms

    assert "돌봄" in search.tokenize("아이돌봄") and "돌보" not in search.tokenize("아이돌봄")
    assert search.tokenize("나눔") == ["나눔"] and search.tokenize("배움") == ["배움"]
    assert query_terms("돌봄을") == [(["돌봄"], "돌봄을")]
    assert query_terms("아이돌봄을") == [(["아이돌봄"], "아이돌봄을")]
    assert search.tokenize("감자") == ["감자"]  # a one-syllable ㅁ prefix is not a noun of its own


def test_reindex_command_rebuilds_the_index(gangbuk):
    from django.core.management import call_command

    from madang.network.models import SearchEntry

    OrganisationFactory(district=gangbuk, name="마을 배움터")  # saved without indexing
    assert names(gangbuk, "배움") == []
    call_command("search_reindex", district="gangbuk", stdout=io.StringIO())
    assert names(gangbuk, "배움") == ["마을 배움터"]
    assert SearchEntry.objects.filter(district=gangbuk).count() == 1


def test_reindex_of_one_district_leaves_the_others_alone(gangbuk, mapo):
    from django.core.management import call_command

    from madang.network.models import SearchEntry

    OrganisationFactory(district=gangbuk, name="강북 배움터")
    OrganisationFactory(district=mapo, name="마포 배움터")
    PersonFactory(district=mapo)
    call_command("search_reindex", district="gangbuk", stdout=io.StringIO())
    assert SearchEntry.objects.filter(district=gangbuk).count() == 1
    assert not SearchEntry.objects.filter(district=mapo).exists()
