"""Production static files: collectstatic with hashed names must resolve every CSS reference."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_collectstatic_with_manifest_storage(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "vendor/krds/css/component/output.css").exists()
    assert (tmp_path / "vendor/htmx/htmx.min.js").exists()
    assert (tmp_path / "madang/network.js").exists()
    assert not (tmp_path / "vendor/krds/cdn").exists()  # the CDN build points at krds.go.kr
    assert not list(tmp_path.glob("vendor/krds/scss/**/*"))
