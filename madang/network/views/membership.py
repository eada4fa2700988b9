"""Network membership: applying, the operators' review, leaving, and the network's settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_action, post_data

from .. import selectors, services
from ..forms import ApplyForm, DecideForm, IssueAreaForm, NetworkSettingsForm
from ..models import Membership
from ._common import PAGE_SIZE


@district_view("network.view_network")
@login_required
@require_http_methods(["GET", "POST"])
def membership_apply(request, district):
    options = selectors.membership_apply_options(district=district, user=request.user)
    if not options.any:
        messages.info(request, _("이미 가입을 신청했거나 네트워크 회원입니다."))
        return redirect(reverse("network:home", kwargs={"district": district.slug}))
    form = ApplyForm(
        post_data(request),
        organisations=options.organisations,
        include_me=options.include_me,
        initial={"applicant": request.GET.get("organisation", "me")},
    )
    done = form_action(
        request,
        form,
        lambda data: services.membership_apply(
            actor=request.user,
            district=district,
            organisation=form.organisation(),
            message=data["message"],
            consent=data["consent"],
        ),
        success=_("가입을 신청했습니다. 운영위원회가 검토한 뒤 알려 드립니다."),
        redirect_to=reverse("network:home", kwargs={"district": district.slug}),
    )
    network = services.network_get(district=district)
    return done or render(
        request, "network/apply.html", {"district": district, "form": form, "network": network}
    )


@district_view("network.decide_membership")
def membership_manage(request, district):
    status = request.GET.get("status") or Membership.Status.APPLIED
    if status not in Membership.Status.values:
        status = Membership.Status.APPLIED
    page = Paginator(selectors.membership_list(district=district, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "network/membership_manage.html",
        {
            "district": district,
            "page": page,
            "status": status,
            "statuses": Membership.Status.choices,
            "decide_form": DecideForm(),
            "query": f"status={status}",
        },
    )


@district_view("network.decide_membership")
@require_POST
def membership_decide(request, district, pk):
    membership = get_in_district(
        Membership.objects.select_related("district", "organisation", "person__user"), district, pk=pk
    )
    back = reverse("network:membership_manage", kwargs={"district": district.slug})
    form = DecideForm(request.POST)
    if not form.is_valid():
        if "decision" in form.errors:
            messages.error(request, _("승인 또는 반려를 선택하세요."))
        for error in form.errors.get("reason", []):
            messages.error(request, _("사유: %(error)s") % {"error": error})
        return redirect(back)
    return post_action(
        request,
        lambda: services.membership_decide(
            actor=request.user,
            membership=membership,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        ),
        success=lambda m: (
            _("%(name)s: %(status)s 처리했습니다.")
            % {"name": m.member_name, "status": m.get_status_display()}
        ),
        redirect_to=back,
    )


@district_view("network.view_network")
@login_required
@require_POST
def membership_leave(request, district, pk):
    membership = get_in_district(
        Membership.objects.select_related("district", "organisation", "person"), district, pk=pk
    )
    return post_action(
        request,
        lambda: services.membership_leave(actor=request.user, membership=membership),
        success=_("네트워크에서 탈퇴했습니다."),
        redirect_to=reverse("network:home", kwargs={"district": district.slug}),
    )


@district_view("network.change_network")
@require_http_methods(["GET", "POST"])
def network_settings(request, district):
    network = services.network_get(district=district)
    here = reverse("network:settings", kwargs={"district": district.slug})
    form = NetworkSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={
            "name": network.name,
            "description": network.description,
            "member_target": network.member_target,
        },
    )
    area_form = IssueAreaForm(request.POST if request.POST.get("form") == "issue_area" else None)
    done = form_action(
        request,
        form,
        lambda data: services.network_update(actor=request.user, district=district, **data),
        success=_("네트워크 설정을 저장했습니다."),
        redirect_to=here,
    ) or form_action(
        request,
        area_form,
        lambda data: services.issue_area_add(actor=request.user, district=district, name=data["name"]),
        success=lambda area: _("'%(name)s' 의제를 추가했습니다.") % {"name": area.name},
        redirect_to=here,
    )
    return done or render(
        request,
        "network/settings.html",
        {
            "district": district,
            "form": form,
            "area_form": area_form,
            "issue_areas": selectors.issue_area_list(district=district),
        },
    )
