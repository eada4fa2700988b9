"""Residents of a participatory process: the registry extract, verified accounts, applicants and draws.

Kernel level (layer 3, next to `processes`): it knows `processes.Process` only by its string foreign key
and never imports it. Everything hangs off a process with `on_delete=CASCADE`, so deleting the budgeting
cycle deletes its registry extract, verifications, applications and draws.

Privacy. A registry row (`RegistryEntry`) holds only the keyed hash of the person's name, birth date and
행정동 (`identity_key`, HMAC-SHA256 with `settings.RESIDENT_HMAC_KEY`, a secret outside the database;
see `identity.py`) and the 행정동 (for turnout by dong). No name, no birth date. A `ResidentVerification`
is the person's own row: the key, the 행정동 and the birth date they entered (for the age limit), exported
and erased with the account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madang.core.models import TimeStampedModel
from madang.core.tenancy import DistrictOwned

KEY_LENGTH = 64  # hex digits of an HMAC-SHA256


class RegistryImport(DistrictOwned):
    """One uploaded registry extract (all of its rows were stored, or none)."""

    process = models.ForeignKey(
        "processes.Process", verbose_name=_("참여 과정"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("파일 이름"), max_length=200)
    rows_added = models.PositiveIntegerField(_("추가한 행"), default=0)
    rows_skipped = models.PositiveIntegerField(_("이미 있던 행"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("올린 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("올린 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("주민 명부 올리기")
        verbose_name_plural = _("주민 명부 올리기")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["process", "created_at"], name="resimport_process")]

    def __str__(self) -> str:
        return self.filename


class RegistryEntry(DistrictOwned):
    """One person of the registry extract: the keyed hash and the 행정동, nothing else."""

    process = models.ForeignKey(
        "processes.Process", verbose_name=_("참여 과정"), on_delete=models.CASCADE, related_name="+"
    )
    batch = models.ForeignKey(
        RegistryImport, verbose_name=_("명부 파일"), on_delete=models.CASCADE, related_name="entries"
    )
    identity_key = models.CharField(_("주민 식별 키"), max_length=KEY_LENGTH)
    dong = models.ForeignKey(
        "districts.Dong", verbose_name=_("행정동"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("주민 명부 행")
        verbose_name_plural = _("주민 명부 행")
        constraints = [
            models.UniqueConstraint(fields=["process", "identity_key"], name="resentry_unique_key"),
        ]
        indexes = [models.Index(fields=["process", "dong"], name="resentry_process_dong")]

    def __str__(self) -> str:
        return self.identity_key[:12]


class ResidentVerification(DistrictOwned):
    """A person confirmed as a resident for one process: by the registry, or in person by an operator."""

    class Method(models.TextChoices):
        REGISTRY = "registry", _("주민 명부 대조")
        IN_PERSON = "in_person", _("방문 확인")

    process = models.ForeignKey(
        "processes.Process", verbose_name=_("참여 과정"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("계정"), on_delete=models.CASCADE, related_name="+"
    )
    identity_key = models.CharField(_("주민 식별 키"), max_length=KEY_LENGTH)
    dong = models.ForeignKey(
        "districts.Dong", verbose_name=_("행정동"), on_delete=models.PROTECT, related_name="+"
    )
    birth_date = models.DateField(_("생년월일"))
    method = models.CharField(_("확인 방법"), max_length=20, choices=Method.choices)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("확인한 운영진"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("메모"), max_length=500, blank=True)
    verified_at = models.DateTimeField(_("확인 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("주민 확인")
        verbose_name_plural = _("주민 확인")
        ordering = ["-verified_at", "-pk"]
        constraints = [
            # one account is verified once per process …
            models.UniqueConstraint(fields=["process", "user"], name="resverif_unique_user"),
            # … and one registry identity verifies at most one account
            models.UniqueConstraint(fields=["process", "identity_key"], name="resverif_unique_key"),
        ]
        indexes = [
            models.Index(fields=["process", "dong"], name="resverif_process_dong"),
            models.Index(fields=["process", "verified_at"], name="resverif_process_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_method_display()})"


class Sex(models.TextChoices):
    FEMALE = "F", _("여성")
    MALE = "M", _("남성")


class AgeBand(models.TextChoices):
    """Three bands of age on the day of applying (만 나이)."""

    YOUNG = "young", _("39세 이하")
    MIDDLE = "middle", _("40~59세")
    SENIOR = "senior", _("60세 이상")


def age_band_of(age: int) -> str:
    if age <= 39:
        return AgeBand.YOUNG
    if age <= 59:
        return AgeBand.MIDDLE
    return AgeBand.SENIOR


class Applicant(DistrictOwned, TimeStampedModel):
    """An application to the committee drawn by lot. Attributes are fixed when applying (the 행정동
    and age band from the person's verification, sex and vulnerable group self-declared); the
    public number is what published draws show instead of the person."""

    process = models.ForeignKey(
        "processes.Process", verbose_name=_("참여 과정"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("계정"), on_delete=models.CASCADE, related_name="+"
    )
    public_number = models.PositiveIntegerField(_("공개 번호"))
    sex = models.CharField(_("성별"), max_length=1, choices=Sex.choices)
    age_band = models.CharField(_("연령대"), max_length=10, choices=AgeBand.choices)
    dong = models.ForeignKey(
        "districts.Dong", verbose_name=_("행정동"), on_delete=models.PROTECT, related_name="+"
    )
    vulnerable = models.BooleanField(_("사회적 약자"), default=False)

    class Meta:
        verbose_name = _("위원 신청")
        verbose_name_plural = _("위원 신청")
        ordering = ["process", "public_number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "user"], name="resapplicant_unique_user"),
            models.UniqueConstraint(fields=["process", "public_number"], name="resapplicant_unique_number"),
        ]

    def __str__(self) -> str:
        return f"#{self.public_number}"


class Draw(DistrictOwned, TimeStampedModel):
    """A committee draw (추첨): parameters, then the frozen pool and result, then published.

    draft (parameters may change) → drawn (pool, result and unmet quotas stored; nothing may change)
    → published (public; immutable). Moves go through the kernel's conditional `transition`.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("준비")
        DRAWN = "drawn", _("추첨 완료")
        PUBLISHED = "published", _("공개")

    process = models.ForeignKey(
        "processes.Process", verbose_name=_("참여 과정"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("제목"), max_length=200)
    status = models.CharField(_("상태"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    seed = models.CharField(_("시드"), max_length=128)
    n = models.PositiveIntegerField(_("뽑을 인원"))
    quotas = models.JSONField(_("할당 조건"), default=dict, blank=True)
    pool = models.JSONField(_("신청자 명단"), default=list, blank=True)
    result = models.JSONField(_("추첨 결과"), default=list, blank=True)
    unmet = models.JSONField(_("지키지 못한 조건"), default=list, blank=True)
    drawn_at = models.DateTimeField(_("추첨 일시"), null=True, blank=True)
    published_at = models.DateTimeField(_("공개 일시"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("만든 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("위원 추첨")
        verbose_name_plural = _("위원 추첨")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["process", "status"], name="resdraw_process_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("residents:draw_detail", kwargs={"district": self.district.slug, "pk": self.pk})
