"""Login lock-out (django-axes): who a failed login counts against, and lifting the lock.

Failures are counted per account whatever address they come from (AXES_LOCKOUT_PARAMETERS), so an
address is the account's e-mail written the way it is stored: "KIM@Example.kr" and "kim@example.kr"
count together. A successful password reset proves the person owns the address and lifts the lock.
"""

from __future__ import annotations


def normalize_username(username) -> str | None:
    if not isinstance(username, str):
        return None
    username = username.strip().lower()
    return username or None


def axes_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the e-mail from the login form, normalised like stored e-mails."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = getattr(request, "POST", {}).get("username")
    return normalize_username(username)


def lockout_lift(*, email: str) -> int:
    """Forget the failed logins of `email` (all addresses); returns how many records went."""
    from axes.utils import reset

    username = normalize_username(email)
    return reset(username=username) if username else 0
