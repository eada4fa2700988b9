"""Cross-cutting write helpers: the audit trail."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models, transaction

from .models import AuditEntry


class DomainError(Exception):
    """A domain rule refused the change. The message is shown to the person (Korean)."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    return value


def model_snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` as JSON-friendly data (FKs as ids)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    return data


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    district=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """Record one write. Must be called inside the transaction that makes the change."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside transaction.atomic() with the change it records")
    if before is not None and after is not None:
        # keep only what changed (plus identity) so the log reads well
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_label=str(actor_obj) if actor_obj else "system",
        district=district,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
        note=note[:500],
    )


def notify(*, user, message: str, url: str = "", district=None, email_subject: str | None = None):
    """Leave a notification in the site and, once the transaction commits, e-mail it."""
    from django.conf import settings
    from django.core.mail import send_mail

    from .models import Notification

    notification = Notification.objects.create(user=user, district=district, message=message[:500], url=url)
    if email_subject and user.email:
        body = message + (f"\n\n{url}" if url else "")
        transaction.on_commit(
            lambda: send_mail(
                email_subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True
            )
        )
    return notification
