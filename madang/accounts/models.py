from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core.tenancy import DistrictScopedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("email is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with e-mail; shown by display name."""

    email = models.EmailField(
        _("이메일"), unique=True, error_messages={"unique": _("이미 가입된 이메일입니다.")}
    )
    display_name = models.CharField(_("표시 이름"), max_length=50)
    is_active = models.BooleanField(_("활성"), default=True)
    is_staff = models.BooleanField(_("관리 사이트 접근"), default=False)
    date_joined = models.DateTimeField(_("가입일"), default=timezone.now)
    privacy_consent_at = models.DateTimeField(_("개인정보 수집·이용 동의 일시"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class Role(models.TextChoices):
    RESIDENT = "resident", _("주민")
    ORG_MEMBER = "org_member", _("단체 활동가")
    OPERATOR = "operator", _("운영진")
    OFFICIAL = "official", _("공무원")
    DISTRICT_ADMIN = "district_admin", _("구 관리자")
    CITY_ADMIN = "city_admin", _("시 관리자")


DISTRICT_ROLES = [r for r in Role if r != Role.CITY_ADMIN]


class RoleAssignment(DistrictScopedModel):
    """A role a person holds in one district (or, for 시 관리자, across the city)."""

    user = models.ForeignKey(User, verbose_name=_("사용자"), on_delete=models.CASCADE, related_name="roles")
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("자치구"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    city = models.ForeignKey(
        "districts.City",
        verbose_name=_("시"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("역할"), max_length=20, choices=Role.choices)
    department = models.CharField(_("부서"), max_length=100, blank=True)
    granted_at = models.DateTimeField(_("부여 일시"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User, verbose_name=_("부여자"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("역할")
        verbose_name_plural = _("역할")
        ordering = ["district__code", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "district", "role"],
                condition=models.Q(district__isnull=False),
                name="role_unique_in_district",
            ),
            models.UniqueConstraint(
                fields=["user", "city", "role"],
                condition=models.Q(city__isnull=False),
                name="role_unique_in_city",
            ),
            # a city admin holds the city; every other role holds a district
            models.CheckConstraint(
                condition=(
                    models.Q(role="city_admin", city__isnull=False, district__isnull=True)
                    | (~models.Q(role="city_admin") & models.Q(district__isnull=False, city__isnull=True))
                ),
                name="role_scope_matches_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="official") | ~models.Q(department=""),
                name="role_official_has_department",
            ),
        ]
        indexes = [models.Index(fields=["district", "role"], name="role_district_role")]

    def __str__(self) -> str:
        scope = self.district or self.city
        return f"{self.user} · {scope} · {self.get_role_display()}"


class DistrictSuspension(DistrictScopedModel):
    """An operator's suspension of one person in one district: they may read but not write there
    (`accounts.predicates.is_suspended`). `until` empty: until an operator lifts it."""

    user = models.ForeignKey(
        User, verbose_name=_("사용자"), on_delete=models.CASCADE, related_name="suspensions"
    )
    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("사유"), max_length=500)
    until = models.DateTimeField(_("정지 종료"), null=True, blank=True)
    created_at = models.DateTimeField(_("정지한 때"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("정지한 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("활동 정지")
        verbose_name_plural = _("활동 정지")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "district"], name="suspension_unique_user_district")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.district_id}"

    @property
    def is_active(self) -> bool:
        return self.until is None or self.until > timezone.now()
