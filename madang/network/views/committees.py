"""Committees (운영위원회, 분과, 의제별 네트워크) and their seats."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_data

from .. import selectors, services
from ..forms import CommitteeForm, SeatForm


@district_view("network.view_network")
def committee_list(request, district):
    return render(
        request,
        "network/committee_list.html",
        {
            "district": district,
            "committees": selectors.committee_list(district=district),
            "can_manage": request.user.has_perm("network.manage_committees", district),
        },
    )


@district_view("network.manage_committees")
@require_http_methods(["GET", "POST"])
def committee_create(request, district):
    form = CommitteeForm(post_data(request), district=district)
    done = form_action(
        request,
        form,
        lambda data: services.committee_create(actor=request.user, district=district, **data),
        success=_("위원회를 만들었습니다."),
        redirect_to=lambda committee: committee.get_absolute_url(),
    )
    return done or render(request, "network/committee_form.html", {"district": district, "form": form})


@district_view("network.view_network")
@require_http_methods(["GET", "POST"])
def committee_detail(request, district, pk):
    committee = get_in_district(selectors.committee_detail_queryset(), district, pk=pk)
    can_manage = request.user.has_perm("network.manage_committees", district)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = SeatForm(post_data(request), district=district) if can_manage else None
    done = form and form_action(
        request,
        form,
        lambda data: services.seat_add(actor=request.user, committee=committee, **data),
        success=_("위원을 추가했습니다."),
        redirect_to=committee.get_absolute_url(),
    )
    return done or render(
        request,
        "network/committee_detail.html",
        {
            "district": district,
            "committee": committee,
            "seats": selectors.committee_seats(committee=committee, viewer=request.user),
            "form": form,
            "can_manage": can_manage,
        },
    )
