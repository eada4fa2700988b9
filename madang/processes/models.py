"""Participatory processes (참여 과정) and their dated phases (단계).

A `Process` is what adhocracy4 calls a project and Decidim a participatory process: a 시민제안 round, a
시민참여예산 cycle, a forum. Its `Phase`s say, for a stretch of time, which actions are open
(`features`, names from `features.py`). Capabilities (forums, proposals, budgeting) point at a Process
and ask `predicates.phase_allows(process, "support")` before letting anyone act.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madang.core.models import TimeStampedModel
from madang.core.tenancy import DistrictOwned, DistrictScopedModel


class Process(DistrictOwned, TimeStampedModel):
    class Kind(models.TextChoices):
        FORUM = "forum", _("포럼")
        PROPOSALS = "proposals", _("시민제안")
        BUDGETING = "budgeting", _("시민참여예산")
        ARENA = "arena", _("협치회의")
        PARTNERSHIP = "partnership", _("프로젝트 파트너십")
        OTHER = "other", _("기타")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="processes"
    )
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("제목"), max_length=200)
    slug = models.SlugField(
        _("주소 이름"), max_length=80, help_text=_("주소에 쓰는 영문 소문자·숫자·하이픈 (예: budget-2026)")
    )
    description = models.TextField(_("소개"), blank=True, max_length=10000)
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))
    dong = models.ForeignKey(
        "districts.Dong",
        verbose_name=_("행정동"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="processes",
    )
    # 의제별 네트워크·분과 scope; a string reference so processes never imports network
    committee = models.ForeignKey(
        "network.Committee",
        verbose_name=_("의제별 네트워크·분과"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="processes",
    )
    is_published = models.BooleanField(_("공개"), default=False)

    class Meta:
        verbose_name = _("참여 과정")
        verbose_name_plural = _("참여 과정")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "slug"],
                name="process_unique_slug_in_district",
                violation_error_message=_("이 자치구에 같은 주소 이름의 참여 과정이 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="process_ends_after_start",
                violation_error_message=_("종료일은 시작일보다 빠를 수 없습니다."),
            ),
        ]
        indexes = [models.Index(fields=["district", "is_published", "starts_on"], name="process_listing")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", kwargs={"district": self.district.slug, "slug": self.slug})


class Phase(DistrictScopedModel, TimeStampedModel):
    """A dated stretch of a process with the actions it opens. Phases of a process never overlap."""

    district_path = "process__district"

    process = models.ForeignKey(
        Process, verbose_name=_("참여 과정"), on_delete=models.CASCADE, related_name="phases"
    )
    name = models.CharField(_("단계 이름"), max_length=100)
    description = models.TextField(_("설명"), blank=True, max_length=5000)
    features = models.JSONField(_("열리는 활동"), default=list, blank=True)
    starts_at = models.DateTimeField(_("시작 일시"))
    ends_at = models.DateTimeField(_("종료 일시"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("단계")
        verbose_name_plural = _("단계")
        ordering = ["process", "starts_at", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="phase_ends_after_start",
                violation_error_message=_("종료 일시는 시작 일시보다 늦어야 합니다."),
            ),
        ]
        indexes = [models.Index(fields=["process", "starts_at"], name="phase_process_start")]

    def __str__(self) -> str:
        return self.name

    def is_open(self, at) -> bool:
        return self.starts_at <= at < self.ends_at
