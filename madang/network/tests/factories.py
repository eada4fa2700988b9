import factory
from django.utils import timezone

from madang.accounts.tests.factories import UserFactory
from madang.districts.tests.factories import DistrictFactory
from madang.network.models import Affiliation, Membership, Organisation, OrgKind, Person, Resource, Tie


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"시험단체{n}")
    kind = OrgKind.CIVIC


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    district = factory.SubFactory(DistrictFactory)
    consent_at = factory.LazyFunction(timezone.now)
    is_public = True


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, district=factory.SelfAttribute("..organisation.district"))
    role = Affiliation.Role.REPRESENTATIVE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    district = factory.SelfAttribute("organisation.district")
    applied_at = factory.LazyFunction(timezone.now)
    status = Membership.Status.APPLIED


class TieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tie

    district = factory.SelfAttribute("source.district")
    kind = Tie.Kind.JOINT_PROJECT


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"자원{n}")
    kind = Resource.Kind.SPACE


def editor_of(org: Organisation, **user_kwargs):
    """A user who is 대표 of `org`."""
    person = PersonFactory(district=org.district, user=UserFactory(**user_kwargs))
    Affiliation.objects.create(organisation=org, person=person, role=Affiliation.Role.REPRESENTATIVE)
    return person.user


def tie(a: Organisation, b: Organisation, kind=Tie.Kind.JOINT_PROJECT) -> Tie:
    source, target = sorted([a, b], key=lambda o: o.pk)
    return TieFactory(source=source, target=target, kind=kind)
