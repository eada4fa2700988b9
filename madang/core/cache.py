"""Page caching keyed by data versions: cheap to check, bumped by every write, never stale.

Two version tokens live in the shared cache (Redis in production):

- one **per district** (`version_get(district)`, by slug), bumped when anything owned by that district is
  written;
- one **global**, bumped when anything without a district is written (users, cities, districts
  themselves, programs, city-wide roles), which therefore invalidates every page.

Writes bump through `post_save` / `post_delete` / `m2m_changed` of every model of the `madang.*`
apps (an audit row counts, so a conditional UPDATE through `transition` bumps too) and through
`audit_bulk`, which writes with `bulk_create`. A bump happens at once and again when the
transaction commits: a reader that rendered the old data while the transaction was open stored its
page under the intermediate version, never under the final one.

`cached_page()` wraps a view whose district is the `district` URL argument (slug or District) and
caches its 200 responses to GET per (language, path, htmx target, Accept, viewer), stamped with
the (global version, district version) they were built at: a hit is one cache round trip. The
viewer is "anonymous" or the user's id (and OTP state): a logged-in person only ever gets pages
rendered for them. CSRF tokens are rendered as a placeholder and filled in per request, so a cached
form still posts; a request with pending flash messages bypasses the cache. A hit skips the view
and what it calls: only decorate views whose permission checks are inside the rendered page (the
viewer is part of the key), not views that refuse some viewers or throttle.
Writes that bypass both models' signals and the audit kernel (raw SQL, `QuerySet.update()` without
an audit row) must call `version_bump(district)`; the pages' timeout (PAGE_SECONDS) bounds the rest.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

GLOBAL = "g"
PAGE_SECONDS = 300
VERSION_SECONDS = 7 * 24 * 3600  # an expired version only means a new one: pages are rebuilt
CSRF_PLACEHOLDER = "madang-csrf-placeholder-7d1f3a"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
_CACHED_HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "Allow", "Vary")


def _key(scope) -> str:
    return f"madang:v:{scope}"


def _new_token() -> str:
    return secrets.token_hex(6)


def _slug_of(district) -> str | None:
    """The URL slug of a District, a district id or a slug; None for "every district" (global)."""
    if district is None:
        return None
    if isinstance(district, str):
        return district[:50]
    if hasattr(district, "slug"):
        return district.slug
    key = f"madang:district-slug:{district}"
    slug = cache.get(key)
    if slug is None:
        District = apps.get_model("districts", "District")
        slug = District.objects.filter(pk=district).values_list("slug", flat=True).first()
        if slug is None:
            return None  # gone: bump everything instead
        cache.set(key, slug, VERSION_SECONDS)
    return slug


def _bump_now(scope) -> None:
    cache.set(_key(scope), _new_token(), VERSION_SECONDS)


def version_bump(district) -> None:
    """Mark a district's pages (or, with None, every page) stale: now and when the transaction commits.

    `district` is a District, its id or its slug. Writes through services and models do this by
    themselves (see the module docstring); call it after a raw SQL write.
    """
    slug = _slug_of(district)
    scope = GLOBAL if slug is None else f"d:{slug}"
    _bump_now(scope)
    transaction.on_commit(lambda: _bump_now(scope))


def _versions(slug: str, *extra_keys) -> tuple[str, dict]:
    keys = [_key(GLOBAL), _key(f"d:{slug}"), *extra_keys]
    found = cache.get_many(keys)
    for key in keys[:2]:
        if key not in found:
            cache.add(key, _new_token(), VERSION_SECONDS)  # first use (or expired): a new version
            found[key] = cache.get(key)
    return f"{found[keys[0]]}.{found[keys[1]]}", found


def version_get(district) -> str:
    """The current data version of a district (a District, id or slug), global part included.

    One cache round trip. Any write to the district's data, or to data every page shows (users,
    districts), changes it; use it to key caches of anything computed from a district's data.
    """
    slug = _slug_of(district)
    return _versions(slug if slug is not None else "-")[0]


# --- what a write bumps --------------------------------------------------------------------------


def _district_id_of(instance):
    meta = instance._meta
    if meta.label_lower == "districts.district":
        key = f"madang:district-slug:{instance.pk}"  # its slug may have changed: forget it
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))
        return None  # a district's own row shows on city pages and in every header: global
    if hasattr(instance, "district_id"):
        return instance.district_id
    owning = getattr(instance, "owning_district_id", None)
    if callable(owning):
        try:
            return owning()
        except Exception:  # a half-deleted relation: be safe, bump everything
            return None
    return None


_OURS: dict[type, bool] = {}


def _is_ours(model) -> bool:
    if model not in _OURS:
        config = apps.get_containing_app_config(model.__module__)
        _OURS[model] = config is not None and config.name.startswith("madang.")
    return _OURS[model]


def _on_write(sender, instance, **kwargs):
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # logging in changes no page
    version_bump(_district_id_of(instance))


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_") and _is_ours(type(instance)):
        version_bump(_district_id_of(instance))


def connect_signals() -> None:
    """Connect the bumps to the models of the madang.* apps only (other models keep fast deletes)."""
    for model in apps.get_models(include_auto_created=True):
        if _is_ours(model):
            uid = model._meta.label_lower
            post_save.connect(_on_write, sender=model, dispatch_uid=f"madang-cache-save-{uid}")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"madang-cache-delete-{uid}")
    m2m_changed.connect(_on_m2m, dispatch_uid="madang-cache-version-m2m")


# --- the page cache ------------------------------------------------------------------------------


def _viewer(request) -> str:
    """Who the page is for, from the session alone: no query for the user on a hit.

    The session's user id, password-hash HMAC, backend and OTP device decide who Django's
    authentication says the viewer is; any change to the user row (password, deactivation,
    deletion) bumps the global version, so a page stored for a session that is no longer valid is
    stale and the request goes through the full view and authentication again.
    """
    session = getattr(request, "session", None)
    user_id = session.get(SESSION_KEY) if session is not None else None
    if user_id is None:
        return "anon"
    return ":".join(
        [
            f"u{user_id}",
            session.get(HASH_SESSION_KEY, ""),
            session.get(BACKEND_SESSION_KEY, ""),
            str(session.get(DEVICE_ID_SESSION_KEY, "")),
        ]
    )


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _page_key(request, slug: str) -> str:
    raw = "|".join(
        [
            request.get_full_path(),
            translation.get_language() or "",
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            request.headers.get("Accept", ""),  # the API's renderer (JSON or browsable HTML)
            _viewer(request),
        ]
    )
    return f"madang:page:{slug}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _serve(request, stored):
    from django.http import HttpResponse

    _version, status, headers, content = stored
    if _PLACEHOLDER_BYTES in content:
        content = content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def cached_page(view=None, *, timeout: int = PAGE_SECONDS):
    """Cache a district view's GET responses by data version (see the module docstring).

    Apply it outside `district_view()` so a hit skips resolving the district too. Only views
    that need no permission beyond what the rendered page itself checks per viewer may use it.
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if (
                request.method not in ("GET", "HEAD")
                or not settings.MADANG_PAGE_CACHE
                or _has_messages(request)
            ):
                return view_func(request, *args, **kwargs)
            slug = _slug_of(kwargs.get("district"))
            if not slug:
                return view_func(request, *args, **kwargs)
            # one round trip: both versions and the page, which records the version it was built at
            key = _page_key(request, slug)
            version, found = _versions(slug, key)
            stored = found.get(key)
            if stored is not None and stored[0] == version:
                return _serve(request, stored)
            request._madang_csrf_placeholder = True
            try:
                response = view_func(request, *args, **kwargs)
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
            finally:
                request._madang_csrf_placeholder = False
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not _has_messages(request)
            ):
                headers = [(name, response[name]) for name in _CACHED_HEADERS if response.has_header(name)]
                stored = (version, response.status_code, headers, response.content)
                cache.set(key, stored, timeout)
                return _serve(request, stored)
            if _PLACEHOLDER_BYTES in getattr(response, "content", b""):
                response.content = response.content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


def csrf_placeholder(request) -> dict:
    """Context processor: while a cached page renders, its CSRF tokens are a placeholder."""
    if getattr(request, "_madang_csrf_placeholder", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}
