"""Error pages: Korean, in the site's style, never Django's technical pages; `make demo` runs with
DEBUG off (and still serves its static files)."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

from config import urls as project_urls

ROOT = Path(__file__).resolve().parents[3]


def _boom(request):
    raise RuntimeError("secret detail that must not be shown")


def _bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("odd")


urlpatterns = [path("boom/", _boom), path("bad/", _bad), *project_urls.urlpatterns]
handler400 = project_urls.handler400
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@pytest.mark.django_db
def test_unknown_url_gets_the_korean_404_page_in_the_site_style(client):
    response = client.get("/no/such/page/here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "페이지를 찾을 수 없습니다" in html
    assert "Using the URLconf" not in html and "urlpatterns" not in html
    assert "/static/madang/fonts.css" in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_failing_view_gets_the_korean_500_page_without_touching_the_database(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "잠시 문제가 생겼습니다" in html
    assert "secret detail" not in html and "Traceback" not in html and "SECRET_KEY" not in html
    assert "/static/madang/fonts.css" in html and "/static/madang/madang.css" in html
    assert response["Cache-Control"] == "no-store"


@override_settings(ROOT_URLCONF=__name__)
def test_a_bad_request_gets_the_korean_400_page():
    response = Client().get("/bad/")
    assert response.status_code == 400
    assert "요청을 이해하지 못했습니다" in response.content.decode()


@pytest.mark.django_db
def test_403_page_uses_the_site_layout(client):
    from django.template.loader import render_to_string

    html = render_to_string("403.html", {})
    assert "이 페이지를 볼 권한이 없습니다" in html and "/static/madang/fonts.css" in html


def test_make_demo_serves_with_debug_off_and_make_serve_with_debug_on():
    makefile = (ROOT / "Makefile").read_text()
    recipes = dict(re.findall(r"^([a-z]+):.*\n((?:\t.*\n)+)", makefile, flags=re.M))
    demo_server = next(line for line in recipes["demo"].splitlines() if "gunicorn" in line)
    assert "--env DEBUG=0" in demo_server and "config.settings.dev" in demo_server
    assert "DEBUG=0" not in recipes["serve"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own test server)
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_demo_server_shows_no_technical_pages_and_serves_static_files(tmp_path):
    """The demo's own configuration (dev settings, DEBUG=0, gunicorn) answering real requests."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "0",
        "MADANG_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                status, html = _get(f"http://127.0.0.1:{port}/no-such-district/no/such/page/")
                break
            except OSError:
                assert time.monotonic() < deadline, "the demo server did not start"
                time.sleep(0.2)
        assert status == 404
        assert "페이지를 찾을 수 없습니다" in html
        assert "Using the URLconf" not in html and "DEBUG = True" not in html
        status, css = _get(f"http://127.0.0.1:{port}/static/madang/fonts.css")
        assert status == 200 and "Pretendard GOV" in css
        status, _font = _get(
            f"http://127.0.0.1:{port}/static/vendor/krds/fonts/PretendardGOV-Regular.subset.woff2"
        )
        assert status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
