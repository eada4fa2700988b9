"""Counting limits in the shared cache: "at most `limit` times per `period` seconds for `key`".

    from madang.core.ratelimit import client_ip, rate_limit

    rate_limit(f"password-reset:ip:{client_ip(request)}", limit=20, period=3600)   # raises when over
    rate_limit(f"create-organisation:user:{actor.pk}", limit=10, period=86400)

Each call counts one event and raises `DomainError(code="rate_limited")` (HTTP 429 in the API) with a
Korean message saying when to try again, once the count in the current window passes `limit`.
Windows are fixed (aligned to multiples of `period`), so a burst across a window boundary can reach
2 × limit; that is the price of one atomic `cache.add` + `cache.incr` per call. The counters live in
the default cache: Redis in production (shared by every app server, atomic `INCR`); the in-memory
cache of development counts per process. Pick keys as "<what>:<who>:<id>" so they never collide.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

from .services import DomainError

PREFIX = "madang:ratelimit:"


def _window(key: str, period: int, now: float) -> tuple[str, int]:
    window = int(now // period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # any text (e-mails, Hangul) is a safe key
    return f"{PREFIX}{digest}:{period}:{window}", (window + 1) * period


def rate_limit(key: str, limit: int, period: int, *, message: str | None = None) -> None:
    """Count one event for `key`; refuse (DomainError "rate_limited") past `limit` per `period` seconds.

    `message` replaces the default Korean "요청이 너무 많습니다. N분 뒤에 다시 시도하세요.".
    Refused calls count too, so hammering does not shorten the wait.
    """
    if limit <= 0 or period <= 0:
        raise ValueError("rate_limit needs a positive limit and period")
    now = time.time()
    cache_key, window_end = _window(key, period, now)
    timeout = max(1, math.ceil(window_end - now)) + 1
    if cache.add(cache_key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout)
            count = 1
    if count > limit:
        raise DomainError(message or _wait_message(window_end - now), code="rate_limited")


def _wait_message(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    if minutes <= 90:
        return ngettext(
            "요청이 너무 많습니다. %(n)d분 뒤에 다시 시도하세요.",
            "요청이 너무 많습니다. %(n)d분 뒤에 다시 시도하세요.",
            minutes,
        ) % {"n": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext(
        "요청이 너무 많습니다. %(n)d시간 뒤에 다시 시도하세요.",
        "요청이 너무 많습니다. %(n)d시간 뒤에 다시 시도하세요.",
        hours,
    ) % {"n": hours}


def rate_limit_count(key: str, period: int) -> int:
    """How many events `key` has in the current window (for display and tests; counts nothing)."""
    cache_key, _end = _window(key, period, time.time())
    return cache.get(cache_key, 0)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with NUM_PROXIES trusted proxies in front, the address
    the outermost trusted proxy saw (X-Forwarded-For), as DRF's throttles count it. None when there
    is no valid address (a malformed header never becomes a key or a stored value)."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    remote = _valid_ip(request.META.get("REMOTE_ADDR") or "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return _valid_ip(addresses[-min(proxies, len(addresses))]) or remote
    return remote
