from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import DistrictOwned, DistrictQuerySet, DistrictScopedModel


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("만든 때"), auto_now_add=True)
    updated_at = models.DateTimeField(_("고친 때"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(DistrictScopedModel):
    """One write by an operator, official or admin (or any money/vote event).

    Written by `madang.core.services.audit_record` inside the same transaction as the change,
    so a change without its audit entry cannot be committed. Append-only.
    """

    class Action(models.TextChoices):
        """Domain verbs. Services may record any of these; `transition` records the target state's verb."""

        CREATE = "create", _("생성")
        UPDATE = "update", _("수정")
        DELETE = "delete", _("삭제")
        APPLY = "apply", _("신청")
        APPROVE = "approve", _("승인")
        REJECT = "reject", _("반려")
        LEAVE = "leave", _("탈퇴")
        JOIN = "join", _("가입")
        GRANT = "grant", _("권한 부여")
        REVOKE = "revoke", _("권한 회수")
        PUBLISH = "publish", _("공개")
        ARCHIVE = "archive", _("보관")
        CLOSE = "close", _("종료")
        REOPEN = "reopen", _("재개")
        TRANSITION = "transition", _("상태 변경")
        SUPPORT = "support", _("공감")
        VOTE = "vote", _("투표")
        PAY = "pay", _("지급")
        IMPORT = "import", _("가져오기")
        EXPORT = "export", _("내보내기")
        VERIFY = "verify", _("확인")
        READ = "read", _("읽음")
        REPORT = "report", _("신고")
        HIDE = "hide", _("숨김")
        RESTORE = "restore", _("복원")
        CONFIRM = "confirm", _("숨김 확정")
        SUSPEND = "suspend", _("활동 정지")
        UNSUSPEND = "unsuspend", _("활동 정지 해제")

    created_at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("수행자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the actor's account is deleted, so the log still says who did it.
    actor_label = models.CharField(_("수행자 표시"), max_length=200, blank=True)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("자치구"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    action = models.CharField(_("동작"), max_length=30, choices=Action.choices)
    object_type = models.CharField(_("대상 종류"), max_length=100)
    object_id = models.CharField(_("대상 ID"), max_length=64)
    object_repr = models.CharField(_("대상"), max_length=255)
    before = models.JSONField(_("이전 값"), null=True, blank=True)
    after = models.JSONField(_("이후 값"), null=True, blank=True)
    note = models.CharField(_("메모"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("감사 기록")
        verbose_name_plural = _("감사 기록")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["district", "-created_at"], name="audit_district_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class Notification(DistrictScopedModel):
    """A message for one person, shown in the site (and e-mailed by the service that creates it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("받는 사람"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("자치구"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    message = models.CharField(_("내용"), max_length=500)
    url = models.CharField(_("링크"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)
    read_at = models.DateTimeField(_("읽은 때"), null=True, blank=True)
    # waiting for the person's daily digest e-mail (`core.follows.digest_send`)
    digest_pending = models.BooleanField(_("요약 메일 대기"), default=False)

    class Meta:
        verbose_name = _("알림")
        verbose_name_plural = _("알림")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(
                fields=["user"], name="notification_digest_pending", condition=models.Q(digest_pending=True)
            ),
        ]

    def __str__(self) -> str:
        return self.message


class Job(models.Model):
    """A slow piece of work run by the worker (an import, a report), with progress for whoever started it.

    Live counts (processed/total) go to the cache while the job runs inside its transaction, so the
    person polling sees them on every server; status, totals, error and result are saved here."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("대기 중")
        RUNNING = "running", _("진행 중")
        DONE = "done", _("완료")
        FAILED = "failed", _("실패")

    kind = models.CharField(_("종류"), max_length=50)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("자치구"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("시작한 사람"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_type = models.CharField(_("대상 종류"), max_length=100, blank=True)
    subject_id = models.CharField(_("대상 ID"), max_length=64, blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    processed = models.PositiveIntegerField(_("처리한 수"), default=0)
    total = models.PositiveIntegerField(_("전체 수"), default=0)
    error = models.TextField(_("오류"), blank=True)
    result = models.JSONField(_("결과"), default=dict, blank=True)
    created_at = models.DateTimeField(_("만든 때"), auto_now_add=True)
    updated_at = models.DateTimeField(_("고친 때"), auto_now=True)
    finished_at = models.DateTimeField(_("끝난 때"), null=True, blank=True)

    class Meta:
        verbose_name = _("작업")
        verbose_name_plural = _("작업")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="core_job_subject")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


# --- follows and notification preferences (madang.core.follows) ---------------------------------------


class Follow(DistrictOwned):
    """A person following one object (a topic, a proposal, …) of a district: they hear of its events."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("사용자"), on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("대상 종류"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("대상 ID"))
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("팔로우한 때"), auto_now_add=True)

    class Meta:
        verbose_name = _("팔로우")
        verbose_name_plural = _("팔로우")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_unique_user_object"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_object")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class NotificationPreference(models.Model):
    """How one person hears of one kind of event. No row means the default (`DIGEST`)."""

    class Channel(models.TextChoices):
        SITE = "site", _("사이트에서만")
        EMAIL = "email", _("사이트 + 바로 이메일")
        DIGEST = "digest", _("사이트 + 하루 한 번 요약 메일")
        OFF = "off", _("받지 않음")

    DEFAULT = Channel.DIGEST

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("사용자"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    event = models.CharField(_("알림 종류"), max_length=30)
    channel = models.CharField(_("받는 방법"), max_length=10, choices=Channel.choices, default=DEFAULT)

    class Meta:
        verbose_name = _("알림 설정")
        verbose_name_plural = _("알림 설정")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notification_pref_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}={self.channel}"


# --- moderation (madang.core.moderation) ---------------------------------------------------------------


class ModerationState(models.TextChoices):
    VISIBLE = "visible", _("보임")
    HIDDEN = "hidden", _("숨김(신고 누적)")
    CONFIRMED = "confirmed", _("숨김 확정")
    RESTORED = "restored", _("복원")


VISIBLE_STATES = (ModerationState.VISIBLE, ModerationState.RESTORED)


class ModeratedQuerySet(DistrictQuerySet):
    """A district's rows that people can report. Public lists use `.in_district(d).visible()`.

    A model that needs its own queryset methods subclasses this one:
    `class TopicQuerySet(ModeratedQuerySet): ...` and `objects = TopicQuerySet.as_manager()`."""

    def visible(self) -> ModeratedQuerySet:
        return self.filter(moderation__in=VISIBLE_STATES)

    def hidden(self) -> ModeratedQuerySet:
        return self.exclude(moderation__in=VISIBLE_STATES)


class Moderated(models.Model):
    """Abstract mixin for reportable content: subclass it next to `DistrictOwned`
    (`class Topic(Moderated, DistrictOwned)`) and register the model with
    `core.moderation.register_reportable`. Add an index on `moderation` with your list's sort."""

    report_count = models.PositiveIntegerField(_("신고 수"), default=0)
    hidden_at = models.DateTimeField(_("숨긴 때"), null=True, blank=True)
    moderation = models.CharField(
        _("검토 상태"), max_length=10, choices=ModerationState.choices, default=ModerationState.VISIBLE
    )

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.moderation not in VISIBLE_STATES


class Report(DistrictOwned):
    """One person's report of one object. One per person per object (database-unique)."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("스팸·광고")
        ABUSE = "abuse", _("욕설·혐오")
        PRIVACY = "privacy", _("개인정보 노출")
        OTHER = "other", _("기타")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("신고한 사람"), on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("대상 종류"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("대상 ID"))
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("신고 사유"), max_length=10, choices=Reason.choices)
    text = models.CharField(_("설명"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("신고한 때"), auto_now_add=True)

    class Meta:
        verbose_name = _("신고")
        verbose_name_plural = _("신고")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"], name="report_unique_reporter_object"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="report_object"),
            models.Index(fields=["district", "-created_at"], name="report_district_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.content_type_id}:{self.object_id}"
