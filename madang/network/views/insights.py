"""Network analytics (graph and figures) and Korean search across the network."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.safestring import mark_safe

from madang.core.cache import cached_page
from madang.core.registry import search_types
from madang.core.search import search as core_search
from madang.core.tenancy import district_view

from .. import selectors
from ..analytics import GraphFilter, data_version, network_stats
from ..models import Organisation, OrgKind
from ._common import directory_filters


@cached_page
@district_view("network.view_network")
def analytics(request, district):
    form, filters = directory_filters(request, district)
    graph_filter = GraphFilter(issue_area_id=filters.issue_area, kind=filters.kind or None)
    version = data_version(district)
    stats = network_stats(district, graph_filter, version=version)
    names = dict(
        Organisation.objects.in_district(district)
        .public()
        .filter(pk__in=stats["isolates"][:30])
        .values_list("pk", "name")
    )
    return render(
        request,
        "network/analytics.html",
        {
            "district": district,
            "form": form,
            "stats": stats,
            "isolates": [(pk, names.get(pk, "")) for pk in stats["isolates"][:30]],
            "graph_json": mark_safe(
                selectors.graph_json(district=district, graph_filter=graph_filter, version=version)
            ),
            "series": selectors.members_over_time(district=district),
            "kinds": OrgKind.choices,
        },
    )


@district_view("network.view_network")
def search(request, district):
    """Every registered search type (core registry): its exact count and a page of 20. With `type`,
    one type is paged through with `page`; without it, each type shows its first page."""
    q = (request.GET.get("q") or "").strip()[:100]
    names = {t.name for t in search_types(user=request.user, district=district)}
    only = request.GET.get("type") if request.GET.get("type") in names else None
    sections = []
    if q:
        sections = core_search(
            district=district,
            query=q,
            user=request.user,
            types=[only] if only else None,
            page=request.GET.get("page") if only else 1,
        )
    context = {"district": district, "q": q, "sections": sections, "only": only}
    context["query"] = urlencode({"q": q, "type": only}) if only else ""
    return render(request, "network/search.html", context)
