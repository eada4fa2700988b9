import pytest
from django.test import RequestFactory

from madang.core import ratelimit
from madang.core.ratelimit import client_ip, rate_limit, rate_limit_count
from madang.core.services import DomainError


def test_rate_limit_allows_up_to_the_limit_then_refuses_in_korean():
    for _ in range(3):
        rate_limit("test:a", 3, 3600)
    with pytest.raises(DomainError) as info:
        rate_limit("test:a", 3, 3600)
    assert info.value.code == "rate_limited"
    assert "요청이 너무 많습니다" in info.value.message and "분 뒤에 다시 시도하세요" in info.value.message
    assert rate_limit_count("test:a", 3600) == 4  # refused calls count too
    rate_limit("test:b", 3, 3600)  # other keys are not affected
    rate_limit("test:a", 3, 60)  # nor the same key with another period


def test_rate_limit_custom_message_and_any_text_as_key():
    rate_limit("가입:홍길동@예시.kr \n", 1, 60)
    with pytest.raises(DomainError, match="천천히"):
        rate_limit("가입:홍길동@예시.kr \n", 1, 60, message="천천히")


def test_rate_limit_starts_again_in_the_next_window(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    rate_limit("test:w", 1, 60)
    with pytest.raises(DomainError):
        rate_limit("test:w", 1, 60)
    now[0] += 60
    rate_limit("test:w", 1, 60)


def test_rate_limit_rejects_nonsense_limits():
    with pytest.raises(ValueError):
        rate_limit("x", 0, 60)


def test_rate_limit_is_exact_under_concurrency():
    import threading

    refused = []

    def hit():
        try:
            rate_limit("test:race", 10, 3600)
        except DomainError:
            refused.append(1)

    threads = [threading.Thread(target=hit) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refused) == 20


def test_client_ip_trusts_forwarded_for_only_behind_configured_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    settings.NUM_PROXIES = 0
    assert client_ip(request) == "10.0.0.1"
    settings.NUM_PROXIES = 1
    assert client_ip(request) == "1.2.3.4"
    settings.NUM_PROXIES = 5
    assert client_ip(request) == "6.6.6.6"


def test_client_ip_is_none_or_a_valid_address(settings):
    settings.NUM_PROXIES = 1
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(request) == "10.0.0.1"
