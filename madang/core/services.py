"""The write kernel: audit trail, `model_update`, `transition`, bulk audit, permission and validation
helpers. Every capability's services write through these, so each write is checked, validated and
audited in the transaction that makes it.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .cache import version_bump
from .exceptions import DomainError
from .models import AuditEntry

# --- who acts ----------------------------------------------------------------------------------------


class SystemActor:
    """The actor of management commands and background jobs run by whoever operates the server.

    Not a person: it holds every permission, and the audit log records it as "system".
    """

    is_authenticated = False
    is_active = True
    pk = None

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


# --- checks ------------------------------------------------------------------------------------------


def require_perm(actor, perm: str, obj, message: str) -> None:
    """Refuse with a Korean `DomainError(code="forbidden")` unless `actor` has the `rules` permission."""
    if actor is None or not actor.has_perm(perm, obj):
        raise DomainError(message, code="forbidden")


def validate_model(obj: models.Model, **kwargs) -> None:
    """`full_clean` as a DomainError carrying the field messages in Korean (never a 500)."""
    try:
        obj.full_clean(**kwargs)
    except ValidationError as error:
        messages = []
        for name, field_errors in error.message_dict.items():
            label = ""
            if name != "__all__":
                try:
                    label = obj._meta.get_field(name).verbose_name
                except Exception:
                    label = name
            messages.extend(f"{label}: {m}" if label else m for m in field_errors)
        raise DomainError(" ".join(messages), code="invalid") from error


# --- audit -------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def jsonable(value: Any) -> Any:
    """A value as JSON-friendly data for an audit entry (dates as ISO text, models as ids)."""
    return _jsonable(value)


def model_snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj` as JSON-friendly data (FKs as ids under their attname)."""
    wanted = set(fields) if fields is not None else None
    data = {}
    for f in obj._meta.concrete_fields:
        if wanted is not None and f.name not in wanted and f.attname not in wanted:
            continue
        if f.name in {"password"}:
            continue
        data[f.attname] = _jsonable(getattr(obj, f.attname))
    return data


_AUTO = object()


def district_of(obj) -> Any:
    """The district an object belongs to (itself for a District), or None."""
    if obj is None:
        return None
    if obj._meta.label_lower == "districts.district":
        return obj
    district_id = getattr(obj, "district_id", None)
    if district_id is None:
        return None
    return obj.district


def _entry(*, actor, action, obj, district, before, after, note) -> AuditEntry:
    if district is _AUTO:
        district = district_of(obj)
    if before is not None and after is not None:
        # keep only what changed so the log reads well
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        actor=actor_obj,
        actor_label=str(actor_obj)[:200] if actor_obj else "system",
        district=district,
        action=str(action)[:30],
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        note=(note or "")[:500],
    )


def _require_atomic() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit must run inside transaction.atomic() with the change it records")


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    district=_AUTO,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """Record one write. Must be called inside the transaction that makes the change.

    `action` is a domain verb (`AuditEntry.Action`: create, update, approve, vote, pay, …). The district
    defaults to the object's own.
    """
    _require_atomic()
    entry = _entry(
        actor=actor, action=action, obj=obj, district=district, before=before, after=after, note=note
    )
    entry.save(force_insert=True)
    return entry


@dataclass
class AuditItem:
    """One row for `audit_bulk`."""

    obj: models.Model
    action: str = AuditEntry.Action.CREATE
    before: dict | None = None
    after: dict | None = None
    note: str = ""
    district: Any = field(default=_AUTO)


def audit_bulk(*, actor, items: Iterable[AuditItem]) -> list[AuditEntry]:
    """Record many writes with one INSERT (imports, bulk decisions). Same transaction rule."""
    _require_atomic()
    entries = [
        _entry(
            actor=actor,
            action=item.action,
            obj=item.obj,
            district=item.district,
            before=item.before,
            after=item.after,
            note=item.note,
        )
        for item in items
    ]
    created = AuditEntry.objects.bulk_create(entries, batch_size=500)
    # bulk_create sends no post_save: mark the districts' cached pages stale here (madang.core.cache)
    for district_id in {entry.district_id for entry in created}:
        version_bump(district_id)
    return created


# --- the two write shapes: update fields, move a state ------------------------------------------------


def model_update(
    *,
    instance: models.Model,
    fields: Iterable[str],
    data: dict[str, Any],
    actor,
    action: str = AuditEntry.Action.UPDATE,
    district=_AUTO,
    note: str = "",
    clean: bool = True,
    clean_exclude: Iterable[str] = (),
    validate_unique: bool = True,
    audit_extra: tuple[dict, dict] | None = None,
) -> tuple[models.Model, bool]:
    """Set the allowed `fields` that appear in `data`, validate, save and audit before/after.

    Returns (instance, changed). Nothing is saved or audited when no value changes. Runs in (or opens)
    a transaction; a ValidationError becomes a Korean `DomainError` (with `validate_unique=False`,
    uniqueness is left to the database constraint and the caller maps the IntegrityError).
    `audit_extra` = (before, after) adds derived values, e.g. many-to-many ids set in the same transaction.
    """
    allowed = [f for f in fields if f in data]
    before = model_snapshot(instance, allowed)
    for name in allowed:
        setattr(instance, name, data[name])
    after = model_snapshot(instance, allowed)
    extra_before, extra_after = audit_extra or ({}, {})
    changed = before != after or extra_before != extra_after
    if not changed:
        return instance, False
    if clean:
        validate_model(
            instance,
            exclude=list(clean_exclude) or None,
            validate_unique=validate_unique,
            validate_constraints=validate_unique,
        )
    with transaction.atomic():
        update_fields = [instance._meta.get_field(n).name for n in allowed]
        if any(
            getattr(f, "auto_now", False) for f in instance._meta.concrete_fields if f.name == "updated_at"
        ):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields or None)
        audit_record(
            actor=actor,
            action=action,
            obj=instance,
            district=district,
            before={**before, **extra_before},
            after={**after, **extra_after},
            note=note,
        )
    return instance, True


def transition(
    obj: models.Model,
    *,
    source,
    target: str,
    actor,
    field: str = "status",
    values: dict[str, Any] | None = None,
    action: str | None = None,
    district=_AUTO,
    note: str = "",
    message: str | None = None,
) -> models.Model:
    """Move `obj.<field>` from `source` (one state or several) to `target` with a conditional UPDATE.

    `UPDATE … SET field=target, **values WHERE pk=… AND field IN (source)`: when two requests race, exactly
    one wins; the other gets `DomainError(code="conflict")` with `message`. The in-memory object is
    updated and the move is audited (action defaults to the domain verb "transition") in the same
    transaction.
    """
    sources = [source] if isinstance(source, str) else list(source)
    values = dict(values or {})
    model = type(obj)
    if any(f.name == "updated_at" and getattr(f, "auto_now", False) for f in model._meta.concrete_fields):
        values.setdefault("updated_at", timezone.now())
    with transaction.atomic():
        updated = model._default_manager.filter(pk=obj.pk, **{f"{field}__in": sources}).update(
            **{field: target}, **values
        )
        if updated == 0:
            raise DomainError(
                message or _("이미 처리되었거나 상태가 바뀌었습니다. 새로 고친 뒤 다시 확인하세요."),
                code="conflict",
            )
        previous = getattr(obj, field)
        before_state = previous if previous in sources else (sources[0] if len(sources) == 1 else None)
        setattr(obj, field, target)
        for name, value in values.items():
            setattr(obj, name, value)
        after = {field: target}
        after.update({k: v for k, v in values.items() if k != "updated_at"})
        audit_record(
            actor=actor,
            action=action or AuditEntry.Action.TRANSITION,
            obj=obj,
            district=district,
            before={field: before_state},
            after=after,
            note=note,
        )
    return obj


# --- notifications -----------------------------------------------------------------------------------


def notifications_mark_read(*, actor, user) -> int:
    """Mark all of `user`'s unread notifications read; only the person themselves may."""
    from .models import Notification
    from .selectors import notifications_forget_unread

    if not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise DomainError(_("다른 사람의 알림은 읽음으로 표시할 수 없습니다."), code="forbidden")
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    transaction.on_commit(lambda: notifications_forget_unread(user.pk))
    return count


def notify(*, user, message: str, url: str = "", district=None, email_subject: str | None = None):
    """Leave a notification in the site and, once the transaction commits, queue its e-mail
    (`core.tasks.send_email_task`, sent by the worker)."""
    from .links import absolute_url
    from .models import Notification
    from .selectors import notifications_forget_unread
    from .tasks import send_email_task

    notification = Notification.objects.create(user=user, district=district, message=message[:500], url=url)
    transaction.on_commit(lambda: notifications_forget_unread(user.pk))
    if email_subject and user.email:
        body = message + (f"\n\n{absolute_url(url)}" if url else "")
        recipients = [user.email]
        transaction.on_commit(
            lambda: send_email_task.enqueue(subject=email_subject, body=body, recipients=recipients)
        )
    return notification
