"""The API's own pages: Swagger UI under our CSP with nothing remote, the browsable API in our font,
ReDoc dropped (it needs remote fonts and a blob: worker)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_swagger_ui_loads_everything_from_us_and_the_csp_allows_it(client, seoul):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    csp = _csp(response)
    # nothing remote anywhere in the policy
    assert not [v for values in csp.values() for v in values if re.match(r"(https?:|\*|//)", v)]
    assert csp["script-src"] == ["'self'"]
    assert "'self'" in csp["connect-src"]  # the schema is fetched from /api/schema/
    assert "data:" in csp["img-src"]  # Swagger UI's icons
    assert "'unsafe-eval'" not in " ".join(csp.get("script-src", []) + csp.get("default-src", []))
    html = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    assert "/static/madang/fonts.css" in sources
    # the init script is a separate same-origin file (no inline script under script-src 'self')
    script = next(s for s in sources if "script=" in s)
    init = client.get(script.replace("&amp;", "&"))
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init.content.decode()
    assert '"validatorUrl": null' in init.content.decode()  # no remote validator badge
    assert not re.search(r"<script>(?!\s*</script>)", html)


def test_redoc_is_dropped_for_swagger_ui(client, seoul):
    response = client.get("/api/redoc/")
    assert response.status_code == 302
    assert response["Location"] == "/api/docs/"


def test_browsable_api_uses_our_font(client, seoul):
    html = client.get("/api/v1/cities/", HTTP_ACCEPT="text/html").content.decode()
    assert "/static/madang/fonts.css" in html
    assert "Madang API" in html
    css = b"".join(client.get("/static/madang/fonts.css").streaming_content).decode()
    assert "PretendardGOV-Regular.subset.woff2" in css and "http" not in css
