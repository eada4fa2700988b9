"""Every network service writes its audit row in the transaction of its change (core.testing)."""

import datetime

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.testing import audit_cases_test
from madang.network import services, spreadsheets
from madang.network.models import Committee, CommitteeSeat, Membership
from madang.network.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    editor_of,
    tie,
)

CSV = "단체명,유형\n감사시험단체{n},민간단체\n"


def _operator(district):
    return user_with_role(Role.OPERATOR, district)


def organisation_create(d):
    user = UserFactory()
    return lambda: services.organisation_create(
        actor=user, district=d, data={"name": f"감사단체{user.pk}", "kind": "civic"}, consent=True
    )


def organisation_update(d):
    op = _operator(d)
    org = OrganisationFactory(district=d)
    return lambda: services.organisation_update(actor=op, org=org, data={"description": "바뀐 소개"})


def organisation_delete(d):
    op = _operator(d)
    org = OrganisationFactory(district=d)
    return lambda: services.organisation_delete(actor=op, org=org)


def affiliation_set(d):
    op = _operator(d)
    org, person = OrganisationFactory(district=d), PersonFactory(district=d)
    return lambda: services.affiliation_set(actor=op, org=org, person=person, role="staff")


def affiliation_join(d):
    org, user = OrganisationFactory(district=d), UserFactory()
    return lambda: services.affiliation_join(user=user, org=org, consent=True)


def person_register(d):
    user = UserFactory()
    return lambda: services.person_register(actor=user, district=d, consent=True)


def person_update(d):
    person = PersonFactory(district=d)
    return lambda: services.person_update(actor=person.user, person=person, data={"skills": "회계"})


def person_delete(d):
    person = PersonFactory(district=d)
    return lambda: services.person_delete(actor=person.user, person=person)


def network_update(d):
    operator = _operator(d)
    return lambda: services.network_update(
        actor=operator, district=d, name=f"새 이름 {operator.pk}", description="", member_target=50
    )


def membership_apply(d):
    org = OrganisationFactory(district=d)
    user = editor_of(org)
    return lambda: services.membership_apply(actor=user, district=d, organisation=org)


def membership_approve(d):
    op = _operator(d)
    membership = MembershipFactory(organisation=OrganisationFactory(district=d))
    return lambda: services.membership_decide(actor=op, membership=membership, approve=True)


def membership_reject(d):
    op = _operator(d)
    membership = MembershipFactory(organisation=OrganisationFactory(district=d))
    return lambda: services.membership_decide(
        actor=op, membership=membership, approve=False, reason="자료 부족"
    )


def membership_leave(d):
    op = _operator(d)
    membership = MembershipFactory(
        organisation=OrganisationFactory(district=d), status=Membership.Status.APPROVED
    )
    return lambda: services.membership_leave(actor=op, membership=membership)


def committee_create(d):
    operator = _operator(d)
    return lambda: services.committee_create(
        actor=operator, district=d, name=f"분과{operator.pk}", kind="subcommittee"
    )


def seat_add(d):
    op = _operator(d)
    committee = Committee.objects.create(district=d, name=f"위원회{UserFactory().pk}", kind="steering")
    person = PersonFactory(district=d)
    return lambda: services.seat_add(
        actor=op,
        committee=committee,
        person=person,
        role="member",
        term_start=datetime.date(2026, 1, 1),
    )


def seat_end(d):
    op = _operator(d)
    committee = Committee.objects.create(district=d, name=f"위원회{UserFactory().pk}", kind="steering")
    seat = CommitteeSeat.objects.create(
        committee=committee,
        person=PersonFactory(district=d),
        role="member",
        term_start=datetime.date(2026, 1, 1),
    )
    return lambda: services.seat_end(actor=op, seat=seat, term_end=datetime.date(2026, 12, 31))


def tie_add(d):
    op = _operator(d)
    a, b = OrganisationFactory(district=d), OrganisationFactory(district=d)
    return lambda: services.tie_add(actor=op, org_a=a, org_b=b, kind="joint_project")


def tie_delete(d):
    op = _operator(d)
    found = tie(OrganisationFactory(district=d), OrganisationFactory(district=d))
    return lambda: services.tie_delete(actor=op, tie=found)


def resource_create(d):
    operator = _operator(d)
    return lambda: services.resource_create(
        actor=operator, district=d, data={"name": "공유 공간", "kind": "space"}
    )


def resource_update(d):
    op = _operator(d)
    resource = ResourceFactory(district=d)
    return lambda: services.resource_update(actor=op, resource=resource, data={"availability": "평일"})


def resource_delete(d):
    op = _operator(d)
    resource = ResourceFactory(district=d)
    return lambda: services.resource_delete(actor=op, resource=resource)


def issue_area_add(d):
    operator = _operator(d)
    return lambda: services.issue_area_add(actor=operator, district=d, name=f"의제{operator.pk}")


def import_confirm(d):
    operator = _operator(d)
    batch = spreadsheets.preview_import(
        actor=operator, district=d, filename="list.csv", raw=CSV.format(n=operator.pk).encode()
    )
    return lambda: spreadsheets.confirm_import(actor=operator, batch=batch)


CASES = {
    "organisation_create": (organisation_create, "create", "network.organisation"),
    "organisation_update": (organisation_update, "update", "network.organisation"),
    "organisation_delete": (organisation_delete, "delete", "network.organisation"),
    "affiliation_set": (affiliation_set, "create", "network.affiliation"),
    "affiliation_join": (affiliation_join, "join", "network.affiliation"),
    "person_register": (person_register, "create", "network.person"),
    "person_update": (person_update, "update", "network.person"),
    "person_delete": (person_delete, "delete", "network.person"),
    "network_update": (network_update, "update", "network.network"),
    "membership_apply": (membership_apply, "apply", "network.membership"),
    "membership_approve": (membership_approve, "approve", "network.membership"),
    "membership_reject": (membership_reject, "reject", "network.membership"),
    "membership_leave": (membership_leave, "leave", "network.membership"),
    "committee_create": (committee_create, "create", "network.committee"),
    "seat_add": (seat_add, "create", "network.committeeseat"),
    "seat_end": (seat_end, "update", "network.committeeseat"),
    "tie_add": (tie_add, "create", "network.tie"),
    "tie_delete": (tie_delete, "delete", "network.tie"),
    "resource_create": (resource_create, "create", "network.resource"),
    "resource_update": (resource_update, "update", "network.resource"),
    "resource_delete": (resource_delete, "delete", "network.resource"),
    "issue_area_add": (issue_area_add, "create", "network.issuearea"),
    "import_confirm": (import_confirm, "create", "network.organisation"),
}


test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
