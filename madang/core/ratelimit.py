"""Per-key rate limits on writes (creation per account), counted in the cache.

`rate_limit(key=, limit=, period=)` counts one more action under `key` in a window of `period`
seconds that starts with the first action, and refuses the one past `limit` with a Korean
`DomainError(code="rate_limited")` (the API answers 429).
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext as _

from .services import DomainError


def rate_limit(*, key: str, limit: int, period: int) -> None:
    """Count one action under `key`; raise DomainError(code="rate_limited") past `limit` in `period` s."""
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, period)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, period)
        count = 1
    if count > limit:
        raise DomainError(
            _("짧은 시간에 너무 많이 요청했습니다. 잠시 후 다시 시도하세요."), code="rate_limited"
        )
