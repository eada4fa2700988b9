"""The API's pages in a browser: Swagger UI renders under our CSP (no violation, nothing remote), the
browsable API and the error pages draw Korean in Pretendard GOV served by us."""

import pytest


def _watch(page):
    console, requests = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on("request", lambda request: requests.append(request.url))
    return console, requests


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_under_the_csp(live_server, page):
    from madang.districts.services import reference_data_load

    reference_data_load()
    console, requests = _watch(page)
    page.goto(live_server.url + "/api/docs/")
    page.locator(".swagger-ui .info").wait_for()
    page.locator(".opblock").first.wait_for()
    assert "시민협력플랫폼" in page.locator(".swagger-ui .info").inner_text()
    assert not [m for m in console if "Content Security Policy" in m], console
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests), requests
    assert page.js_errors == []
    assert page.evaluate("document.fonts.check('16px \"Pretendard GOV\"', '마당')")


@pytest.mark.django_db(transaction=True)
def test_browsable_api_and_404_use_pretendard(live_server, page):
    from madang.districts.services import reference_data_load

    reference_data_load()
    console, _requests = _watch(page)
    for path in ("/api/v1/cities/", "/no/such/page/"):
        page.goto(live_server.url + path)
        page.evaluate("document.fonts.ready")
        assert "Pretendard GOV" in page.evaluate("getComputedStyle(document.body).fontFamily")
        assert page.evaluate(
            "[...document.fonts].some(f => f.family.includes('Pretendard') && f.status === 'loaded')"
        )
    assert not [m for m in console if "Content Security Policy" in m], console
