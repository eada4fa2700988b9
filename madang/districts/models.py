from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madang.core.models import TimeStampedModel
from madang.core.tenancy import DistrictOwned
from madang.core.text import in_english, localized_name

code5 = RegexValidator(r"^\d{5}$", _("행정구역 코드는 숫자 5자리입니다."))
code10 = RegexValidator(r"^\d{8,10}$", _("행정동 코드는 숫자 8~10자리입니다."))


class City(models.Model):
    code = models.CharField(_("행정구역 코드"), max_length=2, unique=True)
    name = models.CharField(_("이름"), max_length=50)
    name_en = models.CharField(_("영문 이름"), max_length=50)
    slug = models.SlugField(_("슬러그"), unique=True)

    class Meta:
        verbose_name = _("시")
        verbose_name_plural = _("시")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """자치구. Everything a district's users create belongs to one, and is scoped to it."""

    city = models.ForeignKey(City, verbose_name=_("시"), on_delete=models.PROTECT, related_name="districts")
    code = models.CharField(_("행정구역 코드"), max_length=5, unique=True, validators=[code5])
    name = models.CharField(_("이름"), max_length=20)
    name_en = models.CharField(_("영문 이름"), max_length=40)
    slug = models.SlugField(_("슬러그"), unique=True)

    class Meta:
        verbose_name = _("자치구")
        verbose_name_plural = _("자치구")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("districts:detail", kwargs={"district": self.slug})

    @property
    def display_name(self) -> str:
        """The name in the active language (English when it is English)."""
        return localized_name(self.name, self.name_en)

    @property
    def short_name(self) -> str:
        """관악구 → 관악 (as the seed's tables write it); Gwanak-gu → Gwanak in English."""
        if in_english() and self.name_en:
            return self.name_en.removesuffix("-gu")
        return self.name[:-1] if self.name.endswith("구") and len(self.name) > 2 else self.name


class Dong(DistrictOwned):
    """행정동."""

    district = models.ForeignKey(
        District, verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="dongs"
    )
    code = models.CharField(_("행정동 코드"), max_length=10, unique=True, validators=[code10])
    name = models.CharField(_("이름"), max_length=30)

    class Meta:
        verbose_name = _("행정동")
        verbose_name_plural = _("행정동")
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="dong_unique_name_in_district")
        ]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A city program a district takes part in: 지역사회혁신계획, 시민협력플랫폼."""

    slug = models.SlugField(_("슬러그"), unique=True)
    name = models.CharField(_("이름"), max_length=100)
    name_en = models.CharField(_("영문 이름"), max_length=100)
    shared_vision = models.CharField(_("공통비전"), max_length=200, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("지원 기간(개월)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("사업")
        verbose_name_plural = _("사업")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized_name(self.name, self.name_en)


class ProgramTrack(models.Model):
    """유형 within a program, e.g. 시민참여예산 구단위계획형."""

    program = models.ForeignKey(
        Program, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="tracks"
    )
    name = models.CharField(_("유형"), max_length=100)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("사업 유형")
        verbose_name_plural = _("사업 유형")
        ordering = ["program", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="track_unique_name")]

    def __str__(self) -> str:
        return self.name


class ProgramParticipation(DistrictOwned, TimeStampedModel):
    """A district in a program track, in its n-th year (연차)."""

    track = models.ForeignKey(
        ProgramTrack, verbose_name=_("사업 유형"), on_delete=models.PROTECT, related_name="participations"
    )
    district = models.ForeignKey(
        District, verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="participations"
    )
    program_year = models.PositiveSmallIntegerField(
        _("연차"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("사업 참여")
        verbose_name_plural = _("사업 참여")
        ordering = ["track__program__order", "track__order", "-program_year", "district__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "district"], name="participation_unique_district_in_track"
            ),
            models.CheckConstraint(
                condition=models.Q(program_year__gte=1), name="participation_year_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district} · {self.track} · {self.program_year}"


class CoreGoal(models.Model):
    """핵심목표 of a program (the seed's five for 시민협력플랫폼)."""

    class Evaluation(models.TextChoices):
        QUANT_QUAL = "quant_qual", _("정량/정성평가")
        SELF_DIAGNOSIS = "self_diagnosis", _("자가진단평가")

    program = models.ForeignKey(
        Program, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="core_goals"
    )
    number = models.PositiveSmallIntegerField(_("번호"))
    title = models.CharField(_("핵심목표"), max_length=100)
    title_en = models.CharField(_("영문 핵심목표"), max_length=100, blank=True)
    evaluation = models.CharField(_("평가 방식"), max_length=20, choices=Evaluation.choices)
    district_specific = models.BooleanField(_("자치구별 개별목표"), default=False)

    class Meta:
        verbose_name = _("핵심목표")
        verbose_name_plural = _("핵심목표")
        ordering = ["program", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="coregoal_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.display_title}"

    @property
    def display_title(self) -> str:
        return localized_name(self.title, self.title_en)


class CoreValue(models.Model):
    """핵심가치 of a program: 개방성 확보, 연대성 강화, 자립성 제고."""

    program = models.ForeignKey(
        Program, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="core_values"
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    title = models.CharField(_("핵심가치"), max_length=50)
    title_en = models.CharField(_("영문 핵심가치"), max_length=50, blank=True)
    description = models.CharField(_("설명"), max_length=200)
    description_en = models.CharField(_("영문 설명"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("핵심가치")
        verbose_name_plural = _("핵심가치")
        ordering = ["program", "order"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return localized_name(self.title, self.title_en)

    @property
    def display_description(self) -> str:
        return localized_name(self.description, self.description_en)


class Vision(DistrictOwned, TimeStampedModel):
    """자치구 비전 for a program."""

    program = models.ForeignKey(
        Program, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="visions"
    )
    district = models.ForeignKey(
        District, verbose_name=_("자치구"), on_delete=models.CASCADE, related_name="visions"
    )
    text = models.CharField(_("자치구 비전"), max_length=300)

    class Meta:
        verbose_name = _("자치구 비전")
        verbose_name_plural = _("자치구 비전")
        constraints = [
            models.UniqueConstraint(fields=["program", "district"], name="vision_unique_per_district")
        ]

    def __str__(self) -> str:
        return self.text


class Department(DistrictOwned, TimeStampedModel):
    """A 부서 of the district office. Officials are members: granting the 공무원 role with a
    department ensures the department and the membership (districts.registry's role hook)."""

    district = models.ForeignKey(
        District, verbose_name=_("자치구"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("부서명"), max_length=100)
    members = models.ManyToManyField(
        "accounts.User",
        verbose_name=_("구성원"),
        through="DepartmentMember",
        related_name="departments",
        blank=True,
    )

    class Meta:
        verbose_name = _("부서")
        verbose_name_plural = _("부서")
        ordering = ["district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="department_unique_name_in_district")
        ]

    def __str__(self) -> str:
        return self.name


class DepartmentMember(DistrictOwned, TimeStampedModel):
    """A person's membership of a department (district copied from the department, for scoping)."""

    district = models.ForeignKey(
        District, verbose_name=_("자치구"), on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("부서"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("사용자"),
        on_delete=models.CASCADE,
        related_name="department_memberships",
    )

    class Meta:
        verbose_name = _("부서 구성원")
        verbose_name_plural = _("부서 구성원")
        constraints = [
            models.UniqueConstraint(fields=["department", "user"], name="department_member_unique"),
        ]
        indexes = [models.Index(fields=["user", "district"], name="department_member_user_idx")]

    def __str__(self) -> str:
        return f"{self.department} · {self.user_id}"
