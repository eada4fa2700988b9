"""Review of what people add to the network: new organisations, self-declared 회원, ties.

Operators work through the district's queue; an organisation's 대표·운영진 confirm its pending 회원
and the ties other organisations recorded with it on its own page. Every decision is a service call
(`*_decide`) that runs the kernel's `transition` (one decision when two people click at once).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.core.tenancy import district_view, get_in_district
from madang.core.views import post_action

from .. import selectors, services
from ..forms import DecideForm
from ..models import Affiliation, Organisation, Tie


@district_view("network.review")
def review_queue(request, district):
    return render(
        request,
        "network/review_queue.html",
        {"district": district, "queue": selectors.review_queue(district=district)},
    )


def _back(request, district, fallback: str) -> str:
    """Back to the queue when the decision was made there (by staff), else to the organisation."""
    if request.POST.get("from") == "review" and request.user.has_perm("network.review", district):
        return reverse("network:review", kwargs={"district": district.slug})
    return fallback


def _decide(request, back: str, decide):
    """Validate the decision form (no decision is pre-selected) and run `decide(approve, reason)`."""
    form = DecideForm(request.POST)
    if not form.is_valid():
        if "decision" in form.errors:
            messages.error(request, _("승인 또는 반려를 선택하세요."))
        for error in form.errors.get("reason", []):
            messages.error(request, _("사유: %(error)s") % {"error": error})
        return redirect(back)
    approve = form.cleaned_data["decision"] == "approve"
    return post_action(
        request,
        lambda: decide(approve, form.cleaned_data["reason"]),
        success=_("승인했습니다.") if approve else _("반려했습니다."),
        redirect_to=back,
    )


@district_view("network.review")
@require_POST
def organisation_decide(request, district, pk):
    org = get_in_district(Organisation.objects.select_related("district", "created_by"), district, pk=pk)
    back = _back(request, district, org.get_absolute_url())
    return _decide(
        request,
        back,
        lambda approve, reason: services.organisation_decide(
            actor=request.user, org=org, approve=approve, reason=reason
        ),
    )


@district_view("network.view_network")
@login_required
@require_POST
def affiliation_decide(request, district, pk):
    affiliation = get_in_district(
        Affiliation.objects.select_related("organisation__district", "person__user"), district, pk=pk
    )
    back = _back(request, district, affiliation.organisation.get_absolute_url())
    return _decide(
        request,
        back,
        lambda approve, reason: services.affiliation_decide(
            actor=request.user, affiliation=affiliation, approve=approve, reason=reason
        ),
    )


@district_view("network.view_network")
@login_required
@require_POST
def tie_decide(request, district, pk):
    tie = get_in_district(
        Tie.objects.select_related("district", "source", "target", "created_by"), district, pk=pk
    )
    fallback = (tie.counterpart or tie.source).get_absolute_url()
    back = _back(request, district, fallback)
    return _decide(
        request,
        back,
        lambda approve, reason: services.tie_decide(
            actor=request.user, tie=tie, approve=approve, reason=reason
        ),
    )
