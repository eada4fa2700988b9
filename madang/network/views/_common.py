"""Helpers shared by the network's pages (private to this package)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from madang.core.tenancy import get_in_district

from .. import selectors
from ..forms import FilterForm
from ..models import Organisation

PAGE_SIZE = 30


def directory_filters(request, district, kinds=None) -> tuple[FilterForm, selectors.DirectoryFilters]:
    """Directory filters from the query string; invalid values are dropped with a notice."""
    form = FilterForm(request.GET or None, district=district, kinds=kinds)
    if not form.is_bound:
        return form, selectors.DirectoryFilters()
    if not form.is_valid():
        messages.warning(request, _("잘못된 검색 조건은 빼고 보여 드립니다."))
        form = FilterForm(
            {k: v for k, v in request.GET.items() if k not in form.errors}, district=district, kinds=kinds
        )
        form.is_valid()
    data = form.cleaned_data
    return form, selectors.DirectoryFilters(
        q=(data.get("q") or "").strip(),
        kind=data.get("kind") or "",
        issue_area=data.get("issue_area"),
        dong=data.get("dong"),
        members_only=bool(data.get("members_only")),
    )


def paginate(request, queryset, rank):
    """Paginate; search results keep their relevance order (ids are bounded by the search limit)."""
    if rank is not None:
        items = sorted(queryset, key=lambda obj: rank.get(obj.pk, 1_000_000))
        return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def organisation_or_404(district, pk, user=None) -> Organisation:
    """The organisation with its detail-page prefetches, of this district only (Korean 404 otherwise);
    one under review only for its applicant and the district's staff (`user`)."""
    return get_in_district(
        selectors.organisation_detail_queryset(user=user, district=district), district, pk=pk
    )
