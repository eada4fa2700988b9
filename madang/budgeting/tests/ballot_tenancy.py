"""The ballots part's district-scoped URLs with an object id or slug, for the tenancy walk."""

from madang.core.testing import tenancy_url

from .factories import HeadingFactory, ProjectFactory, cycle_in_phase


def _voting(district):
    cycle = cycle_in_phase(district, "주민 투표")
    heading = HeadingFactory(cycle=cycle)
    ProjectFactory(heading=heading, status="shortlisted")
    return cycle, heading


@tenancy_url(
    "budgeting:vote",
    "budgeting:turnout",
    "budgeting:offline",
    "budgeting:channel_scores",
    "budgeting:results",
)
def cycle_pages(district):
    cycle, _heading = _voting(district)
    return {"slug": cycle.process.slug}


@tenancy_url("budgeting:ballot", "budgeting:ballot_total", "budgeting:offline_entry")
def heading_pages(district):
    cycle, heading = _voting(district)
    return {"slug": cycle.process.slug, "heading": heading.pk}


@tenancy_url("budgeting:results_export")
def results_export(district):
    cycle = cycle_in_phase(district, "결과 발표")
    HeadingFactory(cycle=cycle)
    return {"slug": cycle.process.slug, "fmt": "csv"}


@tenancy_url("budgeting:results_publish")
def results_publish(district):
    cycle = cycle_in_phase(district, "결과 발표")
    return {"slug": cycle.process.slug}


@tenancy_url("api:budget-ballot")
def api_ballot(district):
    cycle, _heading = _voting(district)
    return {"pk": cycle.pk}


@tenancy_url("api:budget-results")
def api_results(district):
    cycle = cycle_in_phase(district, "결과 발표")
    HeadingFactory(cycle=cycle)
    return {"pk": cycle.pk}
