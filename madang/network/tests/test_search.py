"""Korean search through kiwipiepy tokens in FTS5 (SQLite) or tsvector (PostgreSQL)."""

import pytest

from madang.network import search
from madang.network.tests.factories import OrganisationFactory, PersonFactory, ResourceFactory

pytestmark = pytest.mark.django_db


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
