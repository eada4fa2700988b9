"""The demo network of 강북구 and 마포구: size, shape, idempotency and the search index."""

import itertools
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from madang.accounts.models import RoleAssignment, User
from madang.core.services import SYSTEM
from madang.districts.management.commands.load_demo import DONGS_CSV
from madang.districts.models import District, Dong
from madang.districts.services import dong_import_csv, reference_data_load
from madang.network import search
from madang.network.demo import SPECS, network_demo_load, plan_organisations, plan_ties
from madang.network.models import (
    Affiliation,
    Committee,
    CommitteeSeat,
    LegalForm,
    Membership,
    Network,
    Organisation,
    OrgKind,
    Person,
    Resource,
    SearchEntry,
    Tie,
)
from madang.network.selectors import members_over_time

pytestmark = pytest.mark.django_db

SLUGS = ("gangbuk", "mapo")
LEGAL_FORMS = {
    OrgKind.COMMUNITY: {LegalForm.UNINCORPORATED},
    OrgKind.CIVIC: {LegalForm.UNINCORPORATED, LegalForm.REGISTERED_NPO},
    OrgKind.SOCIAL_ECONOMY: {
        LegalForm.COOPERATIVE,
        LegalForm.SOCIAL_COOPERATIVE,
        LegalForm.VILLAGE_ENTERPRISE,
        LegalForm.SOCIAL_ENTERPRISE,
    },
    OrgKind.NONPROFIT: {LegalForm.INCORPORATED_ASSOCIATION, LegalForm.FOUNDATION},
    OrgKind.INTERMEDIARY: {LegalForm.UNINCORPORATED, LegalForm.INCORPORATED_ASSOCIATION, LegalForm.OTHER},
    OrgKind.PUBLIC: {LegalForm.PUBLIC_BODY},
    OrgKind.OTHER: {LegalForm.UNINCORPORATED, LegalForm.OTHER},
}


def _demo_account(email: str, name: str) -> User:
    user = User(email=email, display_name=name, privacy_consent_at=timezone.now())
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Both demo districts, loaded once for the module (the load tokenizes ~370 texts) inside an
    outer transaction that is rolled back afterwards; each test runs in a savepoint within it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            reference_data_load()
            dong_import_csv(actor=SYSTEM, raw=DONGS_CSV.read_bytes())
            districts = {slug: District.objects.get(slug=slug) for slug in SLUGS}
            for slug in SLUGS:
                _demo_account(f"operator@{slug}.demo.madang.kr", "운영진")
                _demo_account(f"org-member@{slug}.demo.madang.kr", "활동가")
            counts = {slug: network_demo_load(district=district) for slug, district in districts.items()}
            yield districts, counts
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_each_district_gets_a_lived_in_network(demo):
    districts, counts = demo
    assert Network.objects.get(district=districts["gangbuk"]).name == "강북구민간협의회"
    assert Network.objects.get(district=districts["gangbuk"]).member_target == 1000
    assert Network.objects.get(district=districts["mapo"]).member_target == 300
    for slug, district in districts.items():
        c = counts[slug]
        assert 140 <= c["organisations"] <= 160
        assert c["organisations"] == Organisation.objects.filter(district=district).count()
        assert 1.5 * c["organisations"] <= c["ties"] <= 2.5 * c["organisations"]  # 3–5 ties per organisation
        assert c["members"] >= 0.6 * c["organisations"]
        assert 3 <= c["pending"] <= 8 and 1 <= c["rejected"] <= 2 and c["left"] == 1
        assert c["persons"] == 21 and c["committees"] == 5 and c["seats"] >= 15
        assert 12 <= c["resources"] <= 20
        assert c["created"]["organisations"] == c["organisations"]

        orgs = Organisation.objects.filter(district=district).prefetch_related("issue_areas", "dongs")
        for org in orgs:
            assert org.legal_form in LEGAL_FORMS[org.kind], org.name
            assert 1 <= len(org.issue_areas.all()) <= 3, org.name
            assert all(area.district_id is None for area in org.issue_areas.all())
            assert len(org.dongs.all()) <= 3 and all(d.district_id == district.pk for d in org.dongs.all())
            assert org.description and (org.founded_year is None or 1995 <= org.founded_year <= 2023)
            assert not org.contact_email or org.contact_email.endswith(".example.org")
            assert not org.website or org.website.startswith("https://example.org/")
        assert sum(1 for org in orgs if org.dongs.all()) >= 0.9 * c["organisations"]

        ties = Tie.objects.filter(district=district)
        assert all(t.source_id < t.target_id for t in ties)
        assert not ties.exclude(source__district=district).exists()
        assert set(ties.values_list("kind", flat=True)) == set(Tie.Kind.values)
        assert len(set(ties.values_list("since", flat=True))) > 100  # spread over three years

        rejected = Membership.objects.filter(district=district, status=Membership.Status.REJECTED)
        assert all(m.decision_reason for m in rejected)
        approved = Membership.objects.filter(district=district, status=Membership.Status.APPROVED)
        assert not approved.filter(decided_at__isnull=True).exists()
        assert {m.decided_by.email for m in approved} == {f"operator@{slug}.demo.madang.kr"}
        assert approved.filter(person__isnull=False).count() == 21
        series = [point["members"] for point in members_over_time(district=district)]
        assert series[-1] > series[len(series) // 2] > series[6]  # members over time grows
        assert all(later >= earlier - 1 for earlier, later in itertools.pairwise(series))  # one left

        committees = {c.name: c for c in Committee.objects.filter(district=district)}
        steering = committees["운영위원회"]
        roles = list(steering.seats.values_list("role", flat=True))
        assert roles.count(CommitteeSeat.Role.CHAIR) == 1 and roles.count(CommitteeSeat.Role.SECRETARY) == 1
        assert roles.count(CommitteeSeat.Role.MEMBER) >= 5
        kinds = [c.kind for c in committees.values()]
        assert kinds.count(Committee.Kind.SUBCOMMITTEE) == 2
        networks = [c for c in committees.values() if c.kind == Committee.Kind.ISSUE_NETWORK]
        assert len(networks) == 2 and all(c.issue_area_id for c in networks)
        seat = steering.seats.first()
        assert seat.term_start < timezone.localdate() < seat.term_end

        resources = Resource.objects.filter(district=district)
        assert set(resources.values_list("kind", flat=True)) == set(Resource.Kind.values)
        assert all(r.owner_id and r.owner.district_id == district.pk for r in resources)
        assert all(r.availability and r.how_to_ask for r in resources)


def test_named_bodies_exist_and_are_found_by_search(demo):
    districts, _counts = demo
    gangbuk, mapo = districts["gangbuk"], districts["mapo"]
    for name in ["강북구민간협의회", "강북공동체경제 협동조합", "강북지역포럼", "삼양동 마을공동체"]:
        assert Organisation.objects.filter(district=gangbuk, name=name).exists(), name
    for name in ["마포공동체경제협동조합", "아이돌봄 품앗이", "마포지역재단 기획단", "망원동 마을공동체"]:
        assert Organisation.objects.filter(district=mapo, name=name).exists(), name
    council = Organisation.objects.get(district=gangbuk, name="강북구민간협의회")
    assert council.kind == OrgKind.INTERMEDIARY
    assert (
        Tie.objects.filter(district=gangbuk).filter(source=council).count()
        + Tie.objects.filter(target=council).count()
        >= 10
    )  # a hub

    def found(district, query):
        ids = [pk for _t, pk in search.search_ids(district=district, query=query, object_type="organisation")]
        return set(Organisation.objects.filter(pk__in=ids).values_list("name", flat=True))

    assert "마포공동체경제협동조합" in found(mapo, "협동조합")
    assert "마포공동체경제협동조합" in found(mapo, "공동체경제")
    assert "아이돌봄 품앗이" in found(mapo, "아이돌봄 품앗이")
    assert "강북구민간협의회" in found(gangbuk, "협의회")
    assert "마포공동체경제협동조합" not in found(gangbuk, "협동조합")  # per district


def test_every_organisation_public_person_and_resource_is_indexed(demo):
    districts, _counts = demo
    for district in districts.values():
        entries = SearchEntry.objects.filter(district=district)
        for object_type, queryset in [
            ("organisation", Organisation.objects.filter(district=district)),
            ("person", Person.objects.filter(district=district, is_public=True)),
            ("resource", Resource.objects.filter(district=district)),
        ]:
            ids = set(queryset.values_list("pk", flat=True))
            assert ids and ids == set(
                entries.filter(object_type=object_type).values_list("object_id", flat=True)
            )


def test_demo_accounts_get_profiles(demo):
    districts, _counts = demo
    mapo = districts["mapo"]
    person = Person.objects.get(user__email="org-member@mapo.demo.madang.kr", district=mapo)
    assert person.is_public and person.dong and person.skills and person.interests.exists()
    affiliation = Affiliation.objects.get(person=person, role=Affiliation.Role.REPRESENTATIVE)
    assert affiliation.organisation.name == "망원동 마을공동체"
    assert person.memberships.get().status == Membership.Status.APPROVED
    assert person.seats.filter(committee__name="운영위원회").exists()
    activists = User.objects.filter(email__startswith="activist", email__endswith="@mapo.demo.madang.kr")
    assert activists.count() == 20
    assert not any(user.has_usable_password() for user in activists)
    assert Affiliation.objects.filter(person__user__in=activists).count() >= 20
    assert Dong.objects.filter(district=mapo, pk__in=Person.objects.values("dong")).count() >= 5


def test_running_twice_changes_nothing(demo):
    districts, counts = demo
    for slug, district in districts.items():
        again = network_demo_load(district=district)
        assert set(again.pop("created").values()) == {0}
        first = dict(counts[slug])
        first.pop("created")
        assert again == first
    assert SearchEntry.objects.count() == (
        Organisation.objects.count()
        + Person.objects.filter(is_public=True).count()
        + Resource.objects.count()
    )


def test_load_demo_runs_the_registered_loaders_and_a_second_run_changes_nothing(demo):
    def counts():
        models = [User, RoleAssignment, Dong, Network, Organisation, Tie, Membership, Person, Affiliation]
        models += [Committee, CommitteeSeat, Resource, SearchEntry]
        return {model.__name__: model.objects.count() for model in models}

    call_command("load_demo", stdout=StringIO())  # other apps' loaders fill their part once
    first = StringIO()
    call_command("load_demo", stdout=first)
    before = counts()
    second = StringIO()
    call_command("load_demo", stdout=second)
    assert counts() == before
    assert second.getvalue() == first.getvalue()
    output = second.getvalue()
    assert "operator@mapo.demo.madang.kr" in output and "city-admin@seoul.demo.madang.kr" in output
    for name in ("강북구", "마포구"):
        assert f"{name} 네트워크 데모: 단체 " in output
    network_lines = [line for line in output.splitlines() if "네트워크 데모" in line]
    assert len(network_lines) == 2 and all(
        line.endswith("(이번에 새로 만든 항목 0건)") for line in network_lines
    )


def test_demo_data_lives_in_files():
    """The vocabulary and the named bodies are JSON under demo_data/, read into the same shapes."""
    from madang.network import demo

    assert sorted(path.name for path in demo.DATA_DIR.glob("*.json")) == [
        "gangbuk.json",
        "mapo.json",
        "vocabulary.json",
    ]
    assert SPECS["gangbuk"].named[0].name == "강북구민간협의회"
    assert all(isinstance(row, tuple) for row in demo.KIND_WEIGHTS + demo.COMPOUND_THEMES)
    assert all(isinstance(pair, tuple) for spec in SPECS.values() for pair in spec.subcommittees)


def test_plans_are_deterministic():
    mapo = District(pk=14, slug="mapo", name="마포구", code="11440")
    dongs = ["망원1동", "망원2동", "연남동", "서교동", "성산1동"]

    def plan(seed):
        rng = random.Random(seed)
        orgs = plan_organisations(rng, mapo, dongs, SPECS["mapo"], 150)
        return orgs, plan_ties(rng, orgs, len(SPECS["mapo"].named))

    first, again, other = plan(1), plan(1), plan(2)
    assert first == again
    assert [o.name for o in first[0]] != [o.name for o in other[0]]
    names = [o.name for o in first[0]]
    assert len(names) == len(set(names)) == 150
    assert all(t.a < t.b for t in first[1])
