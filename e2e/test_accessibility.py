"""axe-core (from npm, injected from node_modules) finds no serious or critical accessibility
violations on the main pages, on a phone-sized screen."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/gangbuk/",
    "/accounts/signup/",
    "/accounts/login/",
    "/gangbuk/network/",
    "/gangbuk/network/organisations/",
    "/gangbuk/network/organisations/?q=돌봄",
    "/gangbuk/network/people/",
    "/gangbuk/network/resources/",
    "/gangbuk/network/committees/",
    "/gangbuk/network/analytics/",
]


@pytest.fixture
def network_data(transactional_db):
    from madang.districts.models import District
    from madang.districts.services import reference_data_load
    from madang.network import search
    from madang.network.tests.factories import OrganisationFactory, PersonFactory, ResourceFactory, tie

    reference_data_load()
    gangbuk = District.objects.get(slug="gangbuk")
    orgs = [
        OrganisationFactory(district=gangbuk, name=name)
        for name in ["아이돌봄 품앗이", "강북지역포럼", "수유 텃밭"]
    ]
    tie(orgs[0], orgs[1])
    for org in orgs:
        search.index_organisation(org)
    PersonFactory(district=gangbuk, skills="사진")
    ResourceFactory(district=gangbuk, name="마을 회의실")
    return gangbuk


@pytest.fixture
def axe_page(browser):
    # the site's CSP (script-src 'self') rightly blocks injected scripts; the audit bypasses it
    context = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844}, bypass_csp=True)
    yield context.new_page()
    context.close()


AXE_RUN = (
    "async () => await axe.run(document, {resultTypes: ['violations'],"
    " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
)


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(AXE_RUN)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by npm ci")
def test_no_serious_accessibility_violations(live_server, axe_page, network_data):
    page = axe_page
    found = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        problems = serious_violations(page)
        if problems:
            found[path] = problems
    assert found == {}, "\n".join(f"{path}: {p}" for path, problems in found.items() for p in problems)
    # the audit itself works: an unlabelled field on the last page is reported
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert any(p.startswith("label") for p in serious_violations(page))
