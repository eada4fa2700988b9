"""Follows and the notifications they carry.

- `register_followable(model, *, label)`: a model people may follow (its rows need a `district`).
- `follow(*, actor, obj, district)` / `unfollow(*, actor, obj)`, `is_following(user, obj)`,
  `follower_ids(obj)`, `follower_count(obj)`.
- `register_notification_event(name, label)`: a kind of event people set a channel for on
  /accounts/notifications/settings/ (`NotificationPreference`: site / email / digest / off; no row
  means `digest`: shown in the site and gathered in a daily e-mail).
- `notify_followers(*, obj, event, message, url, district, exclude=())`: one query reads the followers
  with their preference for `event`, one `bulk_create` writes the notifications, and e-mails for the
  `email` channel are queued to the worker once the transaction commits.
- `digest_send()` (`manage.py send_digests`, `core.tasks.send_digests_task`): one e-mail per person with
  their pending digest items; safe to run twice at once (rows are claimed with a conditional UPDATE).

Follows are personal settings like notification preferences: they are not written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import DomainError
from .tenancy import ensure_in_district


@dataclass(frozen=True)
class Followable:
    model: type[models.Model]
    label: str


FOLLOWABLES: dict[str, Followable] = {}
NOTIFICATION_EVENTS: dict[str, str] = {}


def register_followable(model, *, label) -> Followable:
    entry = Followable(model=model, label=label)
    FOLLOWABLES[model._meta.label_lower] = entry
    return entry


def followable(model_or_obj) -> Followable | None:
    return FOLLOWABLES.get(model_or_obj._meta.label_lower)


def register_notification_event(name: str, label) -> None:
    NOTIFICATION_EVENTS[name] = label


def notification_events() -> dict[str, str]:
    return dict(NOTIFICATION_EVENTS)


for _name, _label in (
    ("comment", gettext_lazy("새 댓글")),
    ("tier", gettext_lazy("공감 단계 도달")),
    ("answer", gettext_lazy("답변")),
    ("stage", gettext_lazy("진행 단계 변경")),
    ("session", gettext_lazy("회의 일정")),
    ("message", gettext_lazy("메시지")),
):
    register_notification_event(_name, _label)


def _ct(obj) -> ContentType:
    return ContentType.objects.get_for_model(type(obj))


def _require_followable(obj) -> None:
    if followable(obj) is None:
        raise DomainError(_("팔로우할 수 없는 대상입니다."), code="not_found")


def follow(*, actor, obj, district):
    """`actor` follows `obj` of `district`; following again changes nothing. Returns the Follow."""
    from .models import Follow

    _require_followable(obj)
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm("core.follow", district):
        raise DomainError(_("로그인한 뒤 팔로우할 수 있습니다."), code="forbidden")
    ensure_in_district(district, obj)
    ct = _ct(obj)
    try:
        with transaction.atomic():
            row, _created = Follow.objects.get_or_create(
                user_id=actor.pk, content_type=ct, object_id=obj.pk, defaults={"district": district}
            )
    except IntegrityError:  # the same person twice at once: the other request made it
        row = Follow.objects.get(user_id=actor.pk, content_type=ct, object_id=obj.pk)
    return row


def unfollow(*, actor, obj) -> bool:
    from .models import Follow

    if not getattr(actor, "is_authenticated", False):
        raise DomainError(_("로그인한 뒤 이용하세요."), code="forbidden")
    deleted, _rows = Follow.objects.filter(user_id=actor.pk, content_type=_ct(obj), object_id=obj.pk).delete()
    return bool(deleted)


def is_following(user, obj) -> bool:
    from .models import Follow

    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user_id=user.pk, content_type=_ct(obj), object_id=obj.pk).exists()


def follower_ids(obj) -> list[int]:
    from .models import Follow

    return list(
        Follow.objects.filter(content_type=_ct(obj), object_id=obj.pk).values_list("user_id", flat=True)
    )


def follower_count(obj) -> int:
    from .models import Follow

    return Follow.objects.filter(content_type=_ct(obj), object_id=obj.pk).count()


def _subject(message: str) -> str:
    first = message.splitlines()[0] if message else ""
    return _("[마당] %(message)s") % {"message": first[:60]}


def notify_followers(*, obj, event: str, message: str, url: str, district, exclude=()) -> int:
    """Tell everyone following `obj` about `event` by their preference; returns how many were told.

    `exclude`: users (or ids) not to tell, usually the actor. Runs in the caller's transaction."""
    from .links import absolute_url
    from .models import Follow, Notification, NotificationPreference
    from .selectors import notifications_forget_unread
    from .tasks import send_email_task

    if event not in NOTIFICATION_EVENTS:
        raise ValueError(f"unknown notification event {event!r}: register_notification_event it first")
    excluded = {getattr(u, "pk", u) for u in exclude}
    Channel = NotificationPreference.Channel
    preference = NotificationPreference.objects.filter(user_id=OuterRef("user_id"), event=event).values(
        "channel"
    )[:1]
    rows = (
        Follow.objects.filter(content_type=_ct(obj), object_id=obj.pk)
        .exclude(user_id__in=excluded)
        .filter(user__is_active=True)
        .annotate(channel=Subquery(preference))
        .values_list("user_id", "channel", "user__email")
    )
    message = message[:500]
    notifications, emails = [], []
    for user_id, channel, email in rows:
        channel = channel or NotificationPreference.DEFAULT
        if channel == Channel.OFF:
            continue
        notifications.append(
            Notification(
                user_id=user_id,
                district=district,
                message=message,
                url=url,
                digest_pending=channel == Channel.DIGEST,
            )
        )
        if channel == Channel.EMAIL and email:
            emails.append(email)
    if not notifications:
        return 0
    Notification.objects.bulk_create(notifications, batch_size=500)
    user_ids = [n.user_id for n in notifications]

    def after_commit():
        for user_id in user_ids:
            notifications_forget_unread(user_id)
        body = message + (f"\n\n{absolute_url(url)}" if url else "")
        for email in emails:  # one e-mail each: followers never see each other's addresses
            send_email_task.enqueue(subject=_subject(message), body=body, recipients=[email])

    transaction.on_commit(after_commit)
    return len(notifications)


# --- the daily digest -----------------------------------------------------------------------------------


def _digest_body(items) -> str:
    from .links import absolute_url

    lines = [_("마당에서 어제부터 새로 생긴 소식입니다."), ""]
    for n in items:
        lines.append(f"- {n.message}")
        if n.url:
            lines.append(f"  {absolute_url(n.url)}")
    lines += [
        "",
        _("알림 받는 방법은 %(url)s 에서 바꿀 수 있습니다.")
        % {"url": absolute_url("/accounts/notifications/settings/")},
    ]
    return "\n".join(lines)


def digest_send(*, limit_per_user: int = 50) -> int:
    """Send each person with pending digest items one e-mail listing them; returns e-mails sent.

    Each person's rows are claimed with `UPDATE … SET digest_pending = false WHERE pk IN (…) AND
    digest_pending`: two runs at once never send the same item twice (the loser claims nothing)."""
    from .models import Notification
    from .tasks import send_email_task

    sent = 0
    user_ids = list(
        Notification.objects.filter(digest_pending=True)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in user_ids:
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(user_id=user_id, digest_pending=True)
                .select_related("user")
                .order_by("created_at", "id")
            )
            if not items:
                continue
            ids = [n.pk for n in items]
            claimed = Notification.objects.filter(pk__in=ids, digest_pending=True).update(
                digest_pending=False
            )
            if claimed != len(ids):  # another run took some: leave them to it
                transaction.set_rollback(True)
                continue
            email = items[0].user.email
            if not email or not items[0].user.is_active:
                continue
            shown = items[:limit_per_user]
            body = _digest_body(shown)
            if len(items) > len(shown):
                body += "\n" + _("외 %(n)s건") % {"n": len(items) - len(shown)}
            subject = _("[마당] 오늘의 소식 %(n)s건") % {"n": len(items)}
            transaction.on_commit(
                lambda s=subject, b=body, e=email: send_email_task.enqueue(subject=s, body=b, recipients=[e])
            )
            sent += 1
    return sent


# --- preferences ------------------------------------------------------------------------------------------


def notification_preferences(user) -> dict[str, str]:
    """{event: channel} for every registered event (defaults filled in): one query."""
    from .models import NotificationPreference

    saved = dict(NotificationPreference.objects.filter(user_id=user.pk).values_list("event", "channel"))
    return {event: saved.get(event, NotificationPreference.DEFAULT) for event in NOTIFICATION_EVENTS}


@transaction.atomic
def notification_preferences_set(*, actor, user, channels: dict[str, str]) -> dict[str, str]:
    """Save the person's channel per event (only themselves). A personal setting: not audited."""
    from .models import NotificationPreference

    if not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise DomainError(_("다른 사람의 알림 설정은 바꿀 수 없습니다."), code="forbidden")
    valid = set(NotificationPreference.Channel.values)
    rows = []
    for event, channel in channels.items():
        if event not in NOTIFICATION_EVENTS or channel not in valid:
            raise DomainError(_("알 수 없는 알림 설정입니다."), code="invalid")
        rows.append(NotificationPreference(user_id=user.pk, event=event, channel=channel))
    NotificationPreference.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["user", "event"], update_fields=["channel"]
    )
    return notification_preferences(user)
