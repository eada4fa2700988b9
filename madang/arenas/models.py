"""Arenas (아레나): standing public–private bodies — 협치회의, 민관협력 상설협의회, 동 단위 회의
(동계획단, 주민자치회) — with their seats and terms, sessions, agenda, decisions, minutes and
follow-up commitments (후속 조치).

An arena is a standing body, not a time-boxed participatory process: its year is the list of its
sessions, so it does not hang off a `processes.Process` and no action of it is phase-gated.

Invariants the database holds: one open-ended civil and one open-ended official co-chair per arena,
one open-ended term per person per arena, co-chair roles match the seat kind, terms end after they
start, one session number per arena, one attendance per seat per session, one decision per agenda
item, non-negative vote counts. What needs intervals (overlapping terms, the seat cap, co-chairs with
dated terms) is checked by the services under a row lock on the arena (`select_for_update`), so two
operators adding seats at once are serialised.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core.models import TimeStampedModel
from madang.core.tenancy import DistrictOwned, DistrictQuerySet, DistrictScopedModel

ERASED_NAME = "탈퇴한 회원"
# online meeting links: http and https only (never javascript:, data:, ftp:)
HTTP_URL = URLValidator(
    schemes=["http", "https"], message=_("http 또는 https 주소만 쓸 수 있습니다."), code="url_scheme"
)


class Arena(DistrictOwned, TimeStampedModel):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("협치회의")
        STANDING = "standing", _("민관협력 상설협의회")
        DONG = "dong", _("동 단위 회의")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="arenas"
    )
    name = models.CharField(_("이름"), max_length=100)
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    dong = models.ForeignKey(
        "districts.Dong",
        verbose_name=_("행정동"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arenas",
        help_text=_("동 단위 회의(동계획단, 주민자치회)는 행정동을 정합니다."),
    )
    description = models.TextField(_("소개"), blank=True, max_length=5000)
    seat_cap = models.PositiveSmallIntegerField(
        _("정원"), default=35, help_text=_("동시에 임기 중인 위원 수의 상한")
    )
    quorum = models.PositiveSmallIntegerField(
        _("의사정족수"), null=True, blank=True, help_text=_("비우면 재적 위원의 과반수")
    )
    is_active = models.BooleanField(_("운영 중"), default=True)

    class Meta:
        verbose_name = _("아레나")
        verbose_name_plural = _("아레나")
        ordering = ["-is_active", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="arena_unique_name",
                violation_error_message=_("이 자치구에 같은 이름의 아레나가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=Q(seat_cap__gte=1),
                name="arena_seat_cap_positive",
                violation_error_message=_("정원은 1명 이상이어야 합니다."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="dong") | Q(dong__isnull=False),
                name="arena_dong_kind_has_dong",
                violation_error_message=_("동 단위 회의는 행정동을 정해야 합니다."),
            ),
        ]
        indexes = [models.Index(fields=["district", "is_active", "kind"], name="arena_listing")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("arenas:arena_detail", kwargs={"district": self.district.slug, "pk": self.pk})


class SeatQuerySet(DistrictQuerySet):
    def active_on(self, day):
        return self.filter(term_start__lte=day).filter(Q(term_end__isnull=True) | Q(term_end__gte=day))


class Seat(DistrictScopedModel):
    """A member's term on an arena: a seat kind (민간/공공), a role, a person (an account or a name)."""

    district_path = "arena__district"

    class Kind(models.TextChoices):
        CIVIL = "civil", _("민간")
        PUBLIC = "public", _("공공")

    class Role(models.TextChoices):
        COCHAIR_CIVIL = "cochair_civil", _("공동의장 (민간)")
        COCHAIR_PUBLIC = "cochair_public", _("공동의장 (공공)")
        MEMBER = "member", _("위원")
        SECRETARY = "secretary", _("간사")

    COCHAIRS = (Role.COCHAIR_CIVIL, Role.COCHAIR_PUBLIC)

    arena = models.ForeignKey(Arena, verbose_name=_("아레나"), on_delete=models.CASCADE, related_name="seats")
    seat_kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices)
    role = models.CharField(_("직책"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("회원"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arena_seats",
    )
    name = models.CharField(_("이름"), max_length=50)
    affiliation = models.CharField(_("소속 (단체·부서)"), max_length=100, blank=True)
    term_start = models.DateField(_("임기 시작"))
    term_end = models.DateField(_("임기 끝"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("위원")
        verbose_name_plural = _("위원")
        ordering = ["arena", "role", "name", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="arena_seat_term_order",
                violation_error_message=_("임기 끝은 임기 시작보다 빠를 수 없습니다."),
            ),
            models.CheckConstraint(
                condition=(~Q(role="cochair_civil") | Q(seat_kind="civil"))
                & (~Q(role="cochair_public") | Q(seat_kind="public")),
                name="arena_seat_cochair_kind",
                violation_error_message=_("공동의장의 직책은 위원 구분(민간·공공)과 맞아야 합니다."),
            ),
            models.UniqueConstraint(
                fields=["arena", "role"],
                condition=Q(role__in=["cochair_civil", "cochair_public"], term_end__isnull=True),
                name="arena_one_open_cochair_per_kind",
                violation_error_message=_("임기 중인 같은 구분의 공동의장이 이미 있습니다."),
            ),
            models.UniqueConstraint(
                fields=["arena", "user"],
                condition=Q(user__isnull=False, term_end__isnull=True),
                name="arena_one_open_term_per_user",
                violation_error_message=_("이 사람은 이미 임기 중입니다."),
            ),
        ]
        indexes = [models.Index(fields=["arena", "term_start"], name="arena_seat_term")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def is_active_on(self, day) -> bool:
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)

    @property
    def is_current(self) -> bool:
        return self.is_active_on(timezone.localdate())


class Session(DistrictScopedModel, TimeStampedModel):
    """제N차 회의: when and where, attendance, agenda, minutes (draft until published)."""

    district_path = "arena__district"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("예정")
        HELD = "held", _("개최")
        CANCELLED = "cancelled", _("취소")

    class Minutes(models.TextChoices):
        DRAFT = "draft", _("초안")
        PUBLISHED = "published", _("공개")

    arena = models.ForeignKey(
        Arena, verbose_name=_("아레나"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("차수"))
    title = models.CharField(_("제목"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("일시"))
    place = models.CharField(_("장소"), max_length=200, blank=True)
    online_url = models.URLField(
        _("온라인 참여 주소"),
        max_length=500,
        blank=True,
        validators=[HTTP_URL],
    )
    status = models.CharField(_("상태"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    minutes = models.TextField(_("회의록"), blank=True, max_length=50000)
    minutes_status = models.CharField(
        _("회의록 상태"), max_length=20, choices=Minutes.choices, default=Minutes.DRAFT
    )
    minutes_published_at = models.DateTimeField(_("회의록 공개 일시"), null=True, blank=True)
    # denormalised, written in the same transaction as the attendance rows
    attendance_count = models.PositiveSmallIntegerField(_("출석 인원"), default=0)
    attendees = models.ManyToManyField(Seat, through="Attendance", related_name="sessions", blank=True)

    class Meta:
        verbose_name = _("회의")
        verbose_name_plural = _("회의")
        ordering = ["arena", "-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["arena", "number"],
                name="arena_session_unique_number",
                violation_error_message=_("같은 차수의 회의가 이미 있습니다."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="arena_session_number_positive"),
        ]
        indexes = [
            models.Index(fields=["arena", "starts_at"], name="arena_session_when"),
            models.Index(fields=["status", "starts_at"], name="arena_session_status"),
        ]

    def __str__(self) -> str:
        return _("%(arena)s 제%(number)s차 회의") % {"arena": self.arena.name, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("arenas:session_detail", kwargs={"district": self.arena.district.slug, "pk": self.pk})

    @property
    def district(self):
        """The arena's district (what the district predicates and audit read)."""
        return self.arena.district

    @property
    def minutes_published(self) -> bool:
        return self.minutes_status == self.Minutes.PUBLISHED


class Attendance(DistrictScopedModel):
    district_path = "session__arena__district"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        verbose_name = _("출석")
        verbose_name_plural = _("출석")
        constraints = [models.UniqueConstraint(fields=["session", "seat"], name="arena_attendance_once")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.seat}"


class AgendaItem(DistrictScopedModel):
    """안건: free-standing, or linked to a proposal or a forum topic through a kernel link type."""

    district_path = "session__arena__district"

    session = models.ForeignKey(
        Session, verbose_name=_("회의"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=1)
    title = models.CharField(_("안건"), max_length=200)
    description = models.TextField(_("설명"), blank=True, max_length=5000)
    link_type = models.CharField(_("연결 종류"), max_length=50, blank=True)
    link_id = models.PositiveBigIntegerField(_("연결 대상"), null=True, blank=True)

    class Meta:
        verbose_name = _("안건")
        verbose_name_plural = _("안건")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(link_type="") & Q(link_id__isnull=True))
                | (~Q(link_type="") & Q(link_id__isnull=False)),
                name="arena_agenda_link_whole",
            ),
        ]
        indexes = [models.Index(fields=["link_type", "link_id"], name="arena_agenda_link")]

    def __str__(self) -> str:
        return self.title

    @property
    def decision_or_none(self):
        """The item's decision, or None (the reverse one-to-one raises when there is none)."""
        return getattr(self, "decision", None)


class Decision(DistrictScopedModel, TimeStampedModel):
    district_path = "item__session__arena__district"

    class Outcome(models.TextChoices):
        PASSED = "passed", _("가결")
        REJECTED = "rejected", _("부결")
        DEFERRED = "deferred", _("보류")

    item = models.OneToOneField(
        AgendaItem, verbose_name=_("안건"), on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("결과"), max_length=20, choices=Outcome.choices)
    votes_for = models.PositiveSmallIntegerField(_("찬성"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("반대"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("기권"), default=0)
    text = models.TextField(_("결정 내용"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("결정")
        verbose_name_plural = _("결정")
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__gte=0) & Q(votes_against__gte=0) & Q(votes_abstain__gte=0),
                name="arena_decision_votes_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_outcome_display()}"

    @property
    def votes_total(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain


class FollowUpQuerySet(DistrictQuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class FollowUp(DistrictOwned, TimeStampedModel):
    """후속 조치: a commitment with an owner department and a due date, tracked to done.

    Stored states are 진행중 and 완료; 지연 is an open commitment past its due date (computed, so it
    needs no nightly job and is never stale)."""

    class Status(models.TextChoices):
        OPEN = "open", _("진행중")
        DONE = "done", _("완료")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="+"
    )
    arena = models.ForeignKey(
        Arena, verbose_name=_("아레나"), on_delete=models.CASCADE, related_name="followups"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("안건"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
    )
    title = models.CharField(_("후속 조치"), max_length=200)
    department = models.ForeignKey(
        "districts.Department", verbose_name=_("담당 부서"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("기한"))
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("완료 일시"), null=True, blank=True)
    done_note = models.TextField(_("완료 메모"), blank=True, max_length=2000)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("완료 처리자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("후속 조치")
        verbose_name_plural = _("후속 조치")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["district", "status", "due_on"], name="arena_followup_tracker"),
            models.Index(fields=["arena", "status"], name="arena_followup_arena"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today=None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def days_late(self) -> int:
        return max((timezone.localdate() - self.due_on).days, 0) if self.is_overdue() else 0

    @property
    def shown_status(self) -> str:
        if self.status == self.Status.DONE:
            return str(_("완료"))
        return str(_("지연")) if self.is_overdue() else str(_("진행중"))

    @property
    def on_time(self) -> bool:
        return self.done_at is not None and timezone.localdate(self.done_at) <= self.due_on
