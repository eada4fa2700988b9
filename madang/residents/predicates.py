"""`rules` predicates of the residents app. For budgeting:

    from madang.residents.predicates import is_verified_for
    rules.add_perm("budgeting.vote_project", is_verified_for & phase_allows_pred("vote"))

`is_verified_for(user, obj)` takes the process or anything with `.process` (a project, a ballot). The
answer is cached on the user per process (one query per request and process).
"""

from __future__ import annotations

import rules

from .models import ResidentVerification

_CACHE_ATTR = "_madang_verified_processes"


def process_of(obj):
    """The process an object belongs to (a Process itself, or its `.process`)."""
    if obj is None:
        return None
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.label_lower == "processes.process":
        return obj
    return getattr(obj, "process", None)


def verified_process_ids(user) -> dict:
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    return cache


def forget_verification(user) -> None:
    """Drop the cached answers (after the person's verification was made or revoked)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


@rules.predicate
def is_verified_for(user, obj=None) -> bool:
    """The person is a verified resident of the process of `obj`."""
    process = process_of(obj)
    if process is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cache = verified_process_ids(user)
    if process.pk not in cache:
        cache[process.pk] = ResidentVerification.objects.filter(
            process_id=process.pk, user_id=user.pk
        ).exists()
    return cache[process.pk]


@rules.predicate
def process_is_published(user, obj=None) -> bool:
    process = process_of(obj)
    return bool(getattr(process, "is_published", False))


@rules.predicate
def is_signed_in(user, obj=None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def is_published_draw(user, draw=None) -> bool:
    return getattr(draw, "status", None) == "published"
