"""Local resources (지역자원): list, register, detail, edit."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_data

from .. import selectors, services
from ..forms import ResourceForm
from ..models import Organisation, Resource
from ._common import directory_filters, paginate, query_string


@district_view("network.view_network")
def resource_list(request, district):
    form, filters = directory_filters(request, district, kinds=Resource.Kind.choices)
    queryset, rank = selectors.resource_list(district=district, filters=filters)
    page = paginate(request, queryset, rank)
    return render(
        request,
        "network/resource_list.html",
        {
            "district": district,
            "form": form,
            "page": page,
            "query": query_string(request),
            "can_add": request.user.has_perm("network.add_resource", district),
        },
    )


def _owners(request, district):
    """Organisations the person may register a resource for: all of them for operators."""
    if request.user.has_perm("network.decide_membership", district):
        return Organisation.objects.in_district(district).order_by("name")
    return selectors.organisations_edited_by(user=request.user, district=district)


@district_view("network.add_resource")
@require_http_methods(["GET", "POST"])
def resource_create(request, district):
    form = ResourceForm(post_data(request), district=district, owners=_owners(request, district))
    done = form_action(
        request,
        form,
        lambda data: services.resource_create(actor=request.user, district=district, data=data),
        success=_("지역자원을 등록했습니다."),
        redirect_to=lambda resource: resource.get_absolute_url(),
    )
    return done or render(request, "network/resource_form.html", {"district": district, "form": form})


@district_view("network.view_network")
def resource_detail(request, district, pk):
    resource = get_in_district(
        Resource.objects.select_related("district", "owner__district", "dong"), district, pk=pk
    )
    return render(
        request,
        "network/resource_detail.html",
        {
            "district": district,
            "resource": resource,
            "can_edit": request.user.has_perm("network.change_resource", resource),
        },
    )


@district_view("network.view_network")
@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, district, pk):
    resource = get_in_district(Resource, district, pk=pk)
    if not request.user.has_perm("network.change_resource", resource):
        raise PermissionDenied
    initial = {f: getattr(resource, f) for f in services.RESOURCE_FIELDS}
    owners = _owners(request, district)
    if resource.owner_id:
        owners = owners | Organisation.objects.in_district(district).filter(pk=resource.owner_id)
    form = ResourceForm(post_data(request), district=district, owners=owners.distinct(), initial=initial)
    done = form_action(
        request,
        form,
        lambda data: services.resource_update(actor=request.user, resource=resource, data=data),
        success=_("지역자원을 저장했습니다."),
        redirect_to=resource.get_absolute_url(),
    )
    return done or render(
        request, "network/resource_form.html", {"district": district, "form": form, "resource": resource}
    )
