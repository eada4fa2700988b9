"""What the network registers with the kernel: metrics, personal data, search types, demo loader."""

import datetime

import pytest
from django.utils import timezone

from madang.accounts.tests.factories import UserFactory
from madang.core import registry
from madang.network import search
from madang.network.models import Membership, Organisation, Person, Resource, SearchEntry, Tie
from madang.network.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    tie,
)

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


D = datetime.date


@pytest.fixture
def history(gangbuk, mapo):
    """강북's network over early 2026 (and some 마포 rows that must not count)."""
    orgs = [OrganisationFactory(district=gangbuk) for _ in range(5)]
    Organisation.objects.filter(pk__in=[o.pk for o in orgs[:3]]).update(created_at=at(D(2025, 12, 1)))
    Organisation.objects.filter(pk__in=[o.pk for o in orgs[3:]]).update(created_at=at(D(2026, 2, 20)))

    def member(org, decided, status=Membership.Status.APPROVED, left=None):
        return MembershipFactory(
            organisation=org, status=status, decided_at=at(decided), left_at=at(left) if left else None
        )

    member(orgs[0], D(2026, 1, 10))
    member(orgs[1], D(2026, 2, 15))
    member(orgs[2], D(2025, 12, 5), status=Membership.Status.LEFT, left=D(2026, 2, 1))
    MembershipFactory(organisation=orgs[3])  # applied, undecided
    member(orgs[4], D(2026, 1, 20), status=Membership.Status.REJECTED)
    # the last instant of 31 March in Seoul is still March; 00:30 on 1 April is not
    member(OrganisationFactory(district=gangbuk), D(2026, 3, 31), status=Membership.Status.APPROVED)
    Membership.objects.filter(decided_at=at(D(2026, 3, 31))).update(
        decided_at=timezone.make_aware(datetime.datetime(2026, 3, 31, 23, 59))
    )
    late = OrganisationFactory(district=gangbuk)
    MembershipFactory(
        organisation=late,
        status=Membership.Status.APPROVED,
        decided_at=timezone.make_aware(datetime.datetime(2026, 4, 1, 0, 30)),
    )

    t1, t2 = tie(orgs[0], orgs[1]), tie(orgs[1], orgs[3])
    Tie.objects.filter(pk=t1.pk).update(created_at=at(D(2026, 1, 5)))
    Tie.objects.filter(pk=t2.pk).update(created_at=at(D(2026, 6, 1)))
    public = PersonFactory(district=gangbuk)
    PersonFactory(district=gangbuk, is_public=False)
    PersonFactory(district=gangbuk, user=UserFactory(is_active=False))
    Person.objects.filter(pk=public.pk).update(created_at=at(D(2026, 1, 2)))
    resource = ResourceFactory(district=gangbuk)
    Resource.objects.filter(pk=resource.pk).update(created_at=at(D(2026, 3, 3)))

    other = OrganisationFactory(district=mapo)
    member(other, D(2026, 1, 10))
    ResourceFactory(district=mapo)
    return gangbuk


@pytest.mark.parametrize(
    ("name", "start", "end", "value"),
    [
        ("network.members", D(2026, 1, 1), D(2026, 1, 31), 2),  # orgs 0 and 2 (2 leaves in February)
        ("network.members", D(2026, 1, 1), D(2026, 2, 28), 2),  # 0 and 1
        ("network.members", D(2026, 1, 1), D(2026, 3, 31), 3),  # + the one approved at 23:59 on 31 March
        ("network.members", D(2026, 4, 1), D(2026, 4, 30), 4),  # + 00:30 on 1 April
        ("network.members", D(2025, 1, 1), D(2025, 11, 30), 0),
        ("network.new_members", D(2026, 1, 1), D(2026, 1, 31), 1),
        ("network.new_members", D(2026, 1, 1), D(2026, 3, 31), 3),
        ("network.new_members", D(2025, 12, 1), D(2025, 12, 31), 1),  # approved then, left later
        ("network.new_members", D(2026, 4, 1), D(2026, 4, 1), 1),
        ("network.organisations", D(2026, 1, 1), D(2026, 1, 31), 3),
        ("network.organisations", D(2026, 1, 1), timezone.localdate(), 7),
        ("network.persons", D(2026, 1, 1), D(2026, 1, 31), 1),  # public and active only
        ("network.persons", D(2025, 1, 1), D(2025, 12, 31), 0),
        ("network.ties", D(2026, 1, 1), D(2026, 3, 31), 1),
        ("network.ties", D(2026, 1, 1), D(2026, 6, 30), 2),
        ("network.resources", D(2026, 1, 1), D(2026, 2, 28), 0),
        ("network.resources", D(2026, 1, 1), D(2026, 3, 31), 1),
    ],
)
def test_metrics_per_district_and_date_range(history, name, start, end, value):
    assert registry.metric_value(name, history, start, end) == value


def test_metrics_have_korean_labels_and_units():
    metrics = {m.name: m for m in registry.metric_list() if m.name.startswith("network.")}
    assert str(metrics["network.members"].label) == "네트워크 회원 수"
    assert metrics["network.members"].unit == "명"
    assert all(str(m.label) and m.unit for m in metrics.values())


def test_personal_data_export_and_erase_through_the_registry(gangbuk, mapo):
    user = UserFactory(display_name="박활동")
    profiles = [
        PersonFactory(user=user, district=gangbuk, skills="목공"),
        PersonFactory(user=user, district=mapo),
    ]
    for person in profiles:
        search.index_person(person)
    data = registry.personal_data_export(user)
    assert [p["district"] for p in sorted(data["activist_profiles"], key=lambda p: p["district"])] == [
        "강북구",
        "마포구",
    ]
    registry.personal_data_erase(user)
    assert not SearchEntry.objects.filter(object_type="person").exists()


def test_personal_data_refresh_reindexes_the_name(gangbuk):
    person = PersonFactory(district=gangbuk, user=UserFactory(display_name="김옛이름"))
    search.index_person(person)
    person.user.display_name = "박새이름"
    person.user.save()
    registry.personal_data_refresh(person.user)
    assert search.search_ids(district=gangbuk, query="박새이름") == [("person", person.pk)]


def test_search_results_of_each_type(gangbuk):
    org = OrganisationFactory(district=gangbuk, name="수유 텃밭 모임")
    person = PersonFactory(district=gangbuk, skills="텃밭 가꾸기", user=UserFactory(display_name="정텃밭"))
    resource = ResourceFactory(district=gangbuk, name="텃밭 공구함", kind=Resource.Kind.EQUIPMENT)
    search.index_organisation(org)
    search.index_person(person)
    search.index_resource(resource)
    results = {section.name: list(section.page) for section in registry_search(gangbuk, "텃밭")}
    assert results == {
        "organisation": [registry.SearchResult("수유 텃밭 모임", org.get_absolute_url(), "민간단체")],
        "person": [registry.SearchResult("정텃밭", person.get_absolute_url(), "텃밭 가꾸기")],
        "resource": [registry.SearchResult("텃밭 공구함", resource.get_absolute_url(), "장비·물품")],
    }


def registry_search(district, query):
    from madang.core.search import search as core_search

    return core_search(district=district, query=query, types=["organisation", "person", "resource"])
