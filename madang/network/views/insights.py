"""Network analytics (graph and figures) and Korean search across the network."""

from django.shortcuts import render
from django.utils.safestring import mark_safe

from madang.core.tenancy import district_view

from .. import selectors
from ..analytics import GraphFilter, data_version, network_stats
from ..models import Organisation, OrgKind
from ._common import directory_filters


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
    q = (request.GET.get("q") or "").strip()[:100]
    results = {"organisations": [], "people": [], "resources": []}
    if q:
        filters = selectors.DirectoryFilters(q=q)
        for key, selector in (
            ("organisations", selectors.organisation_list),
            ("people", selectors.person_list),
            ("resources", selectors.resource_list),
        ):
            queryset, rank = selector(district=district, filters=filters)
            results[key] = sorted(queryset[:200], key=lambda obj, rank=rank: rank.get(obj.pk, 0))[:20]
    return render(request, "network/search.html", {"district": district, "q": q, "results": results})
