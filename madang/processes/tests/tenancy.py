"""Process pages with a process slug or a phase id, for the tenancy walk (core/tests/test_tenancy.py)."""

from madang.core.testing import tenancy_exempt, tenancy_list, tenancy_url

from .factories import PhaseFactory, ProcessFactory

tenancy_exempt("processes:create", "a form")


@tenancy_url(
    "processes:detail",
    "processes:edit",
    "processes:delete",
    "processes:phase_create",
    "api:process-detail",
)
def process(district):
    return {"slug": ProcessFactory(district=district, slug="same-slug-in-both").slug}


@tenancy_url("processes:phase_edit", "processes:phase_delete")
def phase(district):
    found = PhaseFactory(process=ProcessFactory(district=district, slug="same-slug-in-both"))
    return {"slug": found.process.slug, "pk": found.pk}


@tenancy_list("processes:list", "api:process-list")
def listed_process(district):
    ProcessFactory(district=district, title=f"{district.slug}표지과정")
    return f"{district.slug}표지과정", {}
