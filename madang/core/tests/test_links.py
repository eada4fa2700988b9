from madang.core.links import absolute_url


def test_absolute_url_puts_paths_on_the_site_url(settings):
    settings.SITE_URL = "https://madang.example.kr"
    assert absolute_url("/gangbuk/network/") == "https://madang.example.kr/gangbuk/network/"
    assert absolute_url("gangbuk/") == "https://madang.example.kr/gangbuk/"
    assert absolute_url("https://other.example/x") == "https://other.example/x"
    assert absolute_url("") == ""
    settings.SITE_URL = "http://127.0.0.1:8000/"
    assert absolute_url("/x/") == "http://127.0.0.1:8000/x/"


def test_site_url_has_a_development_default():
    from config.settings import base

    assert base.SITE_URL.startswith("http")
