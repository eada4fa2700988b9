"""Role × action matrix for the network's permissions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from madang.accounts.models import DistrictSuspension, Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.network.models import Affiliation, Review
from madang.network.tests.factories import OrganisationFactory, PersonFactory, ResourceFactory, tie

ACTORS = [
    "anonymous",
    "user",
    Role.RESIDENT,
    Role.ORG_MEMBER,
    Role.OFFICIAL,
    Role.OPERATOR,
    Role.DISTRICT_ADMIN,
    Role.CITY_ADMIN,
    "operator_elsewhere",
    "org_representative",
    "org_plain_member",
    "resource_creator",
    "suspended_representative",  # an organisation's 대표 suspended in the district: reads, writes nothing
]
STAFF = {Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN}
LOGGED_IN = set(ACTORS) - {"anonymous", "suspended_representative"}

# permission -> (object kind, allowed actors)
MATRIX = {
    "network.view_network": ("district", set(ACTORS)),
    "network.add_organisation": ("district", LOGGED_IN),
    "network.apply_membership": ("district", LOGGED_IN),
    "network.decide_membership": ("district", STAFF),
    "network.change_network": ("district", STAFF),
    "network.manage_committees": ("district", STAFF),
    "network.manage_issue_areas": ("district", STAFF),
    "network.import_organisations": ("district", STAFF),
    "network.add_resource": ("district", STAFF | {"org_representative"}),
    "network.change_organisation": ("org", STAFF | {"org_representative"}),
    "network.delete_organisation": ("org", STAFF),
    "network.view_organisation_contacts": ("org", STAFF | {"org_representative", "suspended_representative"}),
    "network.add_tie": ("org", STAFF | {"org_representative"}),
    "network.apply_for_organisation": ("org", {"org_representative"}),
    "network.change_resource": ("resource", STAFF | {"org_representative", "resource_creator"}),
    "network.view_person_contacts": ("person", STAFF),
    "network.change_person": ("person", set()),
    # review (issue #7): the queue and creation limits are staff's; 회원 and ties are also the org's
    "network.review": ("district", STAFF),
    "network.skip_rate_limit": ("district", STAFF),
    "network.decide_organisation": ("org", STAFF),
    "network.decide_affiliation": ("affiliation", STAFF | {"org_representative"}),
    "network.decide_tie": ("tie", STAFF | {"org_representative"}),
    "network.view_private_person": ("person", STAFF),
}


@pytest.fixture
def world(gangbuk, mapo):
    org = OrganisationFactory(district=gangbuk)
    other = OrganisationFactory(district=gangbuk)
    person = PersonFactory(district=gangbuk)
    pending_tie = tie(org, other)  # recorded by `other`'s editor, waiting for `org`
    pending_tie.status, pending_tie.counterpart = Review.PENDING, org
    pending_tie.save()
    return {
        "district": gangbuk,
        "mapo": mapo,
        "org": org,
        "other": other,
        "person": person,
        "tie": pending_tie,
        "affiliation": Affiliation.objects.create(
            organisation=org, person=PersonFactory(district=gangbuk), role="member", status=Review.PENDING
        ),
        "resource": ResourceFactory(district=gangbuk, owner=org),
    }


def make_actor(kind, world):
    gangbuk = world["district"]
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "user":
        return UserFactory()
    if kind == "operator_elsewhere":
        return user_with_role(Role.OPERATOR, world["mapo"])
    if kind in {"org_representative", "org_plain_member", "suspended_representative"}:
        person = PersonFactory(district=gangbuk)
        role = Affiliation.Role.MEMBER if kind == "org_plain_member" else Affiliation.Role.REPRESENTATIVE
        Affiliation.objects.create(organisation=world["org"], person=person, role=role)
        if kind == "suspended_representative":
            DistrictSuspension.objects.create(user=person.user, district=gangbuk, reason="신고 누적")
        return person.user
    if kind == "resource_creator":
        user = UserFactory()
        world["resource"].created_by = user
        world["resource"].save()
        return user
    if kind == Role.CITY_ADMIN:
        return user_with_role(kind, city=gangbuk.city)
    return user_with_role(kind, gangbuk)


@pytest.mark.django_db
@pytest.mark.parametrize("actor_kind", ACTORS)
@pytest.mark.parametrize("perm", list(MATRIX))
def test_network_permission_matrix(actor_kind, perm, world):
    target_kind, allowed = MATRIX[perm]
    actor = make_actor(actor_kind, world)
    target = {
        "district": world["district"],
        "org": world["org"],
        "resource": world["resource"],
        "person": world["person"],
        "affiliation": world["affiliation"],
        "tie": world["tie"],
    }[target_kind]
    assert actor.has_perm(perm, target) is (actor_kind in allowed), f"{actor_kind} / {perm}"


@pytest.mark.django_db
def test_profile_owner_may_change_own_profile(world):
    person = world["person"]
    assert person.user.has_perm("network.change_person", person)
    assert person.user.has_perm("network.view_person_contacts", person)
    assert not UserFactory().has_perm("network.change_person", person)


@pytest.mark.django_db
def test_tie_delete_by_creator_or_staff(world):
    t = world["tie"]
    creator = UserFactory()
    t.created_by = creator
    t.save()
    assert creator.has_perm("network.delete_tie", t)
    assert user_with_role(Role.OPERATOR, world["district"]).has_perm("network.delete_tie", t)
    assert not user_with_role(Role.OPERATOR, world["mapo"]).has_perm("network.delete_tie", t)
    assert not UserFactory().has_perm("network.delete_tie", t)


@pytest.mark.django_db
def test_pending_affiliation_grants_nothing(world):
    """A self-declared 대표 waiting for confirmation edits nothing and decides nothing."""
    person = PersonFactory(district=world["district"])
    Affiliation.objects.create(
        organisation=world["org"], person=person, role=Affiliation.Role.REPRESENTATIVE, status=Review.PENDING
    )
    user = person.user
    assert not user.has_perm("network.change_organisation", world["org"])
    assert not user.has_perm("network.decide_affiliation", world["affiliation"])
    assert not user.has_perm("network.decide_tie", world["tie"])


@pytest.mark.django_db
def test_tie_recorder_cannot_confirm_own_tie(world):
    """The editor of the side that recorded the tie is not the counterpart."""
    recorder = PersonFactory(district=world["district"])
    Affiliation.objects.create(organisation=world["other"], person=recorder, role="representative")
    assert not recorder.user.has_perm("network.decide_tie", world["tie"])


@pytest.mark.django_db
def test_private_person_name_visible_to_the_person(world):
    person = world["person"]
    assert person.user.has_perm("network.view_private_person", person)


@pytest.mark.django_db
def test_editing_an_organisation_elsewhere_gives_no_right_in_this_district(gangbuk, mapo):
    from madang.network.tests.factories import OrganisationFactory, editor_of

    editor = editor_of(OrganisationFactory(district=mapo))
    assert editor.has_perm("network.add_resource", mapo)
    assert not editor.has_perm("network.add_resource", gangbuk)
