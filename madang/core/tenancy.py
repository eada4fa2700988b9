"""Tenancy in one place: everything a district's users create belongs to that district.

- `DistrictOwned` (abstract model) gives a `district` foreign key and the `DistrictQuerySet` manager.
  Models scoped through a relation (a tie through its organisation) subclass `DistrictScopedModel`
  instead and name the path in `district_path`.
- `DistrictQuerySet.in_district(d)` is the only district filter views, selectors and the API write.
- `get_in_district(model_or_qs, district, **lookups)` loads one object of the district or raises a
  Korean 404; `ensure_in_district(district, *objs)` is the scope check services run on objects handed
  to them (a dong, an issue area, another organisation).
- `district_resolve(slug)` is the one resolver for HTML (`district_view`) and the API
  (`DistrictScopedMixin` / `DistrictScopedViewSet`).

Core never imports a capability app: the District model is looked up through the app registry.
"""

from __future__ import annotations

from functools import wraps

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import DomainError, NotFound


def _district_model():
    return apps.get_model("districts", "District")


class DistrictQuerySet(models.QuerySet):
    """Rows of one district. `district_path` on the model says how a row reaches its district."""

    def in_district(self, district) -> DistrictQuerySet:
        """Rows of `district`; with `district_common = True` on the model, also rows of no district."""
        path = getattr(self.model, "district_path", "district")
        district_id = district if isinstance(district, int) else district.pk
        own = models.Q(**{f"{path}_id" if "__" not in path else f"{path}__id": district_id})
        if getattr(self.model, "district_common", False):
            own |= models.Q(**{f"{path}__isnull": True})
        return self.filter(own)

    def get_in_district(self, district, **lookups):
        return get_in_district(self, district, **lookups)


class DistrictScopedModel(models.Model):
    """Any model whose rows belong to one district, directly or through a relation (`district_path`)."""

    district_path = "district"
    # True for reference rows shared by every district when their district is empty (common 의제)
    district_common = False

    objects = DistrictQuerySet.as_manager()

    class Meta:
        abstract = True

    def owning_district_id(self) -> int | None:
        obj = self
        parts = self.district_path.split("__")
        for part in parts[:-1]:
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return getattr(obj, f"{parts[-1]}_id", None)


class DistrictOwned(DistrictScopedModel):
    """A row that belongs to one district. Subclasses may redeclare `district` to keep a related_name."""

    district = models.ForeignKey(
        "districts.District",
        verbose_name=gettext_lazy("자치구"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


def _not_found(model) -> NotFound:
    name = getattr(model._meta, "verbose_name", "")
    return NotFound(_("이 자치구에서 찾을 수 없는 %(what)s입니다.") % {"what": name})


def get_in_district(model_or_qs, district, **lookups):
    """The one object of `district` matching `lookups`, or a Korean 404 (also for bad ids)."""
    queryset = model_or_qs.all() if isinstance(model_or_qs, models.QuerySet) else model_or_qs._default_manager
    model = queryset.model
    if not isinstance(queryset, DistrictQuerySet):
        queryset = DistrictQuerySet(model=model, using=queryset.db).filter(pk__in=queryset.values("pk"))
    try:
        return queryset.in_district(district).get(**lookups)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise _not_found(model) from exc


def belongs_to(obj, district, *, allow_common: bool = False) -> bool:
    """Whether `obj` is of `district` (`allow_common`: rows with no district, such as common 의제)."""
    district_id = district if isinstance(district, int) else district.pk
    if hasattr(obj, "owning_district_id"):
        owner = obj.owning_district_id()
    else:
        owner = getattr(obj, "district_id", None)
    if owner is None:
        return allow_common or getattr(obj, "district_common", False)
    return owner == district_id


def ensure_in_district(district, *objs, allow_common: bool = False) -> None:
    """The scope check for objects passed into a service: all of `district`, or a Korean DomainError."""
    from .text import josa

    for obj in objs:
        if obj is None:
            continue
        if not belongs_to(obj, district, allow_common=allow_common):
            raise DomainError(
                _("'%(name)s'은(는) 이 자치구의 %(what)s 아닙니다.")
                % {"name": str(obj)[:60], "what": josa(str(obj._meta.verbose_name), "이", "가")},
                code="out_of_district",
            )


# --- the resolver -------------------------------------------------------------------------------------


def district_resolve(slug: str):
    """The District for a URL slug, or a Korean 404."""
    District = _district_model()
    district = District.objects.select_related("city").filter(slug=str(slug)[:50].replace("\x00", "")).first()
    if district is None:
        raise NotFound(_("'%(slug)s' 자치구를 찾을 수 없습니다.") % {"slug": str(slug)[:40]})
    return district


def district_view(perm: str | None = None):
    """Resolve the `district` URL slug into request.district (404 in Korean if unknown) and,
    with `perm`, require that `rules` permission on the district (log-in first for anonymous)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, district: str, *args, **kwargs):
            request.district = district_resolve(district)
            if perm is not None and not request.user.has_perm(perm, request.district):
                if not request.user.is_authenticated:
                    from django.contrib.auth.views import redirect_to_login

                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, request.district, *args, **kwargs)

        return wrapper

    return decorator
