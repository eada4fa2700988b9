"""Reads of the core shared by every page."""

from __future__ import annotations

from django.core.cache import cache

UNREAD_CACHE_SECONDS = 300


def _unread_key(user_id) -> str:
    return f"madang:notifications:unread:{user_id}"


def notifications_unread_count(user) -> int:
    """How many notifications `user` has not read (the header's 알림 badge): one COUNT, then cached
    until a notification is created or read (`notify`, `notifications_mark_read`)."""
    from .models import Notification

    if not getattr(user, "is_authenticated", False):
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def notifications_forget_unread(user_id) -> None:
    cache.delete(_unread_key(user_id))
