"""Residents pages with a process slug or an object id, for the tenancy walk (core/tests/test_tenancy.py)."""

from madang.core.testing import tenancy_list, tenancy_url

from .factories import ApplicantFactory, DrawFactory, VerificationFactory, budget_process

SLUG = "same-slug-in-both"


@tenancy_url(
    "residents:process_home",
    "residents:verify",
    "residents:apply",
    "residents:apply_withdraw",
    "residents:registry",
    "residents:registry_clear",
    "residents:verifications",
    "residents:verify_in_person",
    "residents:applicants",
    "residents:draw_create",
)
def process(district):
    return {"slug": budget_process(district, slug=SLUG).slug}


@tenancy_url("residents:verification_revoke")
def verification(district):
    return {"pk": VerificationFactory(process=budget_process(district)).pk}


@tenancy_url("residents:draw_detail", "residents:draw_edit", "residents:draw_run", "residents:draw_delete")
def draft_draw(district):
    return {"pk": DrawFactory(process=budget_process(district)).pk}


@tenancy_url(
    "residents:draw_publish",
    "residents:draw_verify",
    "residents:draw_download",
    "api:residents-draw-detail",
    "api:residents-draw-recheck",
)
def published_draw(district):
    process = budget_process(district)
    applicants = [ApplicantFactory(process=process, public_number=i) for i in (1, 2, 3)]
    pool = [
        {
            "number": a.public_number,
            "sex": a.sex,
            "age_band": a.age_band,
            "dong": a.dong.name,
            "vulnerable": False,
        }
        for a in applicants
    ]
    from madang.residents import sortition

    result = sortition.draw(sortition.candidates_from(pool), seed=DrawFactory.seed, n=2)
    return {"pk": DrawFactory(process=process, status="published", pool=pool, result=result.selected, n=2).pk}


@tenancy_url("api:residents-verification")
def verified_process(district):
    return {"slug": VerificationFactory(process=budget_process(district, slug=SLUG)).process.slug}


@tenancy_list("api:residents-draw-list")
def listed_draw(district):
    DrawFactory(process=budget_process(district), title=f"{district.slug}표지추첨", status="published")
    return f"{district.slug}표지추첨", {}
