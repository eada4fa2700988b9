"""Budgeting pages with a cycle slug or an object id, for the tenancy walk (core/tests/test_tenancy.py)."""

from madang.core.testing import tenancy_exempt, tenancy_list, tenancy_url

from .factories import HeadingFactory, ProjectFactory, committee_member, cycle_in_phase

SLUG = "same-budget-in-both"

tenancy_exempt("budgeting:cycle_create", "a form")


def _cycle(district):
    from madang.budgeting.models import Cycle

    found = Cycle.objects.in_district(district).filter(process__slug=SLUG).first()
    return found or cycle_in_phase(district, "분과 심의", slug=SLUG)


@tenancy_url(
    "budgeting:cycle",
    "budgeting:settings",
    "budgeting:heading_create",
    "budgeting:project_list",
    "budgeting:project_create",
    "budgeting:review_queue",
    "budgeting:shortlist",
    "budgeting:committee",
)
def cycle(district):
    return {"slug": _cycle(district).slug}


@tenancy_url("budgeting:export")
def cycle_export(district):
    return {"slug": _cycle(district).slug, "fmt": "csv"}


@tenancy_url("budgeting:heading_edit", "budgeting:heading_delete")
def heading(district):
    found = HeadingFactory(cycle=_cycle(district))
    return {"slug": found.cycle.slug, "pk": found.pk}


@tenancy_url(
    "budgeting:project",
    "budgeting:project_edit",
    "budgeting:project_withdraw",
    "budgeting:project_status",
    "budgeting:project_progress",
    "budgeting:project_review",
    "budgeting:project_screen",
    "budgeting:project_attach",
)
def project(district):
    found = ProjectFactory(heading=HeadingFactory(cycle=_cycle(district)), status="eligible")
    return {"slug": found.cycle.slug, "pk": found.pk}


@tenancy_url("budgeting:committee_remove")
def member(district):
    cycle = _cycle(district)
    committee_member(cycle)
    return {"slug": cycle.slug, "pk": cycle.committee_members.get().pk}


@tenancy_list("budgeting:home")
def listed_cycle(district):
    cycle_in_phase(district, "제안 접수", title=f"{district.slug}표지예산")
    return f"{district.slug}표지예산", {}


@tenancy_url("api:budget-cycle-detail")
def api_cycle(district):
    return {"pk": _cycle(district).pk}


@tenancy_url("api:budget-project-list")
def api_cycle_projects(district):
    return {"cycle": _cycle(district).pk}


@tenancy_url("api:budget-project-detail")
def api_project(district):
    found = ProjectFactory(heading=HeadingFactory(cycle=_cycle(district)))
    return {"cycle": found.cycle_id, "pk": found.pk}


@tenancy_list("api:budget-cycle-list")
def api_listed_cycle(district):
    cycle_in_phase(district, "제안 접수", title=f"{district.slug}표지예산API")
    return f"{district.slug}표지예산API", {}


from .ballot_tenancy import *  # noqa: E402, F403 - the ballots part registers its URLs
