"""Each network selector that takes a district returns that district's rows only (each test fails when
the selector's own `.in_district()` is removed: found by scripts/tenancy_mutants.py)."""

from madang.accounts.tests.factories import UserFactory
from madang.districts.tests.factories import DongFactory
from madang.network import selectors
from madang.network.models import Affiliation, Review, Tie
from madang.network.tests.factories import AffiliationFactory, OrganisationFactory, PersonFactory, tie


def test_dong_list_is_the_districts_own(gangbuk, mapo):
    own = DongFactory(district=gangbuk)
    DongFactory(district=mapo)
    assert list(selectors.dong_list(district=gangbuk)) == [own]


def test_organisation_get_finds_nothing_of_another_district(gangbuk, mapo):
    org = OrganisationFactory(district=mapo)
    assert selectors.organisation_get(district=gangbuk, pk=org.pk) is None
    assert selectors.organisation_get(district=mapo, pk=org.pk) == org


def test_person_get_finds_nothing_of_another_district(gangbuk, mapo):
    person = PersonFactory(district=mapo)
    assert selectors.person_get(district=gangbuk, pk=person.pk) is None
    assert selectors.person_get(district=mapo, pk=person.pk) == person


def test_own_pending_registrations_are_of_the_asked_district(gangbuk, mapo):
    user = UserFactory()
    here = OrganisationFactory(district=gangbuk, created_by=user, status=Review.PENDING)
    OrganisationFactory(district=mapo, created_by=user, status=Review.PENDING)
    assert list(selectors.organisations_own_pending(user=user, district=gangbuk)) == [here]


def test_review_queue_holds_the_districts_pending_affiliations_and_ties_only(gangbuk, mapo):
    mine = AffiliationFactory(organisation=OrganisationFactory(district=gangbuk), status=Review.PENDING)
    AffiliationFactory(organisation=OrganisationFactory(district=mapo), status=Review.PENDING)
    my_tie = tie(OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk))
    their_tie = tie(OrganisationFactory(district=mapo), OrganisationFactory(district=mapo))
    Tie.objects.filter(pk__in=[my_tie.pk, their_tie.pk]).update(status=Review.PENDING)
    queue = selectors.review_queue(district=gangbuk)
    assert queue.affiliations == [mine]
    assert [t.pk for t in queue.ties] == [my_tie.pk]
    assert Affiliation.objects.filter(status=Review.PENDING).count() == 2
