"""The network's district-scoped URLs with an object id, for the tenancy walk (core/tests/test_tenancy.py)."""

from madang.core.testing import tenancy_exempt, tenancy_list, tenancy_url
from madang.network.models import ImportBatch

from .factories import MembershipFactory, OrganisationFactory, PersonFactory, ResourceFactory, tie


@tenancy_url(
    "network:organisation_detail",
    "network:organisation_edit",
    "network:organisation_join",
    "network:tie_create",
    "api:organisation-detail",
)
def organisation(district):
    return {"pk": OrganisationFactory(district=district).pk}


@tenancy_url("network:tie_delete", "api:tie-detail")
def tie_between(district):
    return {"pk": tie(OrganisationFactory(district=district), OrganisationFactory(district=district)).pk}


@tenancy_url("network:person_detail", "api:person-detail")
def person(district):
    return {"pk": PersonFactory(district=district, is_public=True).pk}


@tenancy_url("network:membership_decide", "network:membership_leave")
def membership(district):
    return {"pk": MembershipFactory(organisation=OrganisationFactory(district=district)).pk}


@tenancy_url("network:committee_detail")
def committee(district):
    from madang.network.models import Committee

    return {"pk": Committee.objects.create(district=district, name="운영위원회", kind="steering").pk}


@tenancy_url("network:resource_detail", "network:resource_edit", "api:resource-detail")
def resource(district):
    return {"pk": ResourceFactory(district=district).pk}


@tenancy_url("network:import_preview")
def import_batch(district):
    return {"batch": ImportBatch.objects.create(district=district, filename="단체.csv").pk}


@tenancy_url("network:import_progress")
def import_job(district):
    from madang.core import jobs

    batch = ImportBatch.objects.create(district=district, filename="단체.csv")
    jobs.job_create(actor=None, kind="network.import", district=district, subject=batch, total=300)
    return {"batch": batch.pk}


@tenancy_url("network:organisation_decide")
def pending_organisation(district):
    from madang.network.models import Review

    return {"pk": OrganisationFactory(district=district, status=Review.PENDING).pk}


@tenancy_url("network:affiliation_decide")
def pending_affiliation(district):
    from madang.network.models import Review

    from .factories import AffiliationFactory

    org = OrganisationFactory(district=district)
    return {"pk": AffiliationFactory(organisation=org, role="member", status=Review.PENDING).pk}


@tenancy_url("network:tie_decide")
def pending_tie(district):
    from madang.network.models import Review

    a, b = OrganisationFactory(district=district), OrganisationFactory(district=district)
    made = tie(a, b)
    made.status, made.counterpart = Review.PENDING, b
    made.save()
    return {"pk": made.pk}


tenancy_exempt("network:export", "the parameter is a file format (csv, xlsx), not an object")


# --- list pages: another district's objects never appear ---------------------------------------------

for _name, _reason in {
    "network:organisation_create": "a form; its choices are checked by the form tests",
    "network:committee_create": "a form",
    "network:resource_create": "a form",
    "network:import": "an upload form",
    "network:my_profile": "the person's own profile in this district (selector scoped, see person_of)",
    "network:my_profile_export": "the person's own profile",
    "network:my_profile_delete": "the person's own profile",
    "network:apply": "a form listing the person's own organisations (organisations_edited_by)",
}.items():
    tenancy_exempt(_name, _reason)


@tenancy_list("network:organisation_list", "api:organisation-list")
def listed_organisation_unsearched(district):
    """Without a search, so the directory's own district filter is what keeps 마포구 out."""
    OrganisationFactory(district=district, name=f"표지단체 {district.slug}표지")
    return f"{district.slug}표지", {}


@tenancy_list("network:search", "network:settings")
def listed_organisation(district):
    from madang.network.models import IssueArea

    org = OrganisationFactory(district=district, name=f"표지단체 {district.slug}표지")
    area = IssueArea.objects.create(district=district, name=f"{district.slug}표지의제")
    org.issue_areas.add(area)
    from madang.network import search

    search.index_organisation(org)
    return f"{district.slug}표지", {"q": "표지단체"}


@tenancy_list("network:person_list", "api:person-list")
def listed_person(district):
    from madang.accounts.tests.factories import UserFactory

    PersonFactory(district=district, user=UserFactory(display_name=f"{district.slug}표지활동가"))
    return f"{district.slug}표지활동가", {}


@tenancy_list("network:resource_list", "api:resource-list")
def listed_resource(district):
    ResourceFactory(district=district, name=f"{district.slug}표지자원")
    return f"{district.slug}표지자원", {}


@tenancy_list("network:committee_list")
def listed_committee(district):
    from madang.network.models import Committee

    Committee.objects.create(district=district, name=f"{district.slug}표지위원회", kind="steering")
    return f"{district.slug}표지위원회", {}


@tenancy_list("network:membership_manage")
def listed_membership(district):
    MembershipFactory(
        organisation=OrganisationFactory(district=district, name=f"{district.slug}표지신청단체")
    )
    return f"{district.slug}표지신청단체", {}


@tenancy_list("api:tie-list", "network:analytics")
def listed_tie(district):
    a = OrganisationFactory(district=district, name=f"{district.slug}표지협력단체")
    tie(a, OrganisationFactory(district=district))
    OrganisationFactory(district=district, name=f"{district.slug}표지외톨이")  # an isolate
    return f"{district.slug}표지", {}


tenancy_exempt("network:home", "counts only, from network_progress, which api:network-stats checks")


@tenancy_list("api:network-stats")
def listed_member_count(district):
    from madang.network.models import Membership

    for _ in range(7):
        MembershipFactory(
            organisation=OrganisationFactory(district=district), status=Membership.Status.APPROVED
        )
    return None, {}  # counted, not named: the page of the other district shows no such members


@tenancy_list("network:review")
def listed_pending_organisation(district):
    from madang.network.models import Review

    OrganisationFactory(district=district, name=f"{district.slug}표지검토단체", status=Review.PENDING)
    return f"{district.slug}표지검토단체", {}
