"""Operators' pages: the review queue and assignments to make, tiers (presets), stage changes, merges."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.services import DomainError
from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_action, post_data
from madang.processes.models import Process

from .. import selectors, services
from ..forms import AssignForm, MergeForm, ReviewForm, StageForm, TierForm
from ..models import Proposal, Tier
from .public import stage_targets


def _errors(request, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@district_view("proposals.manage_proposals")
def manage(request, district):
    return render(
        request,
        "proposals/manage.html",
        {
            "district": district,
            "pending": list(selectors.review_queue(district=district)[:50]),
            "to_assign": list(selectors.assignments_to_assign(district=district)[:50]),
            "overdue": list(selectors.overdue_list(district=district)[:50]),
            "processes": list(selectors.proposal_processes(district=district)),
            "review_form": ReviewForm(),
            "assign_form": AssignForm(district=district),
        },
    )


@district_view("proposals.manage_proposals")
@require_http_methods(["GET", "POST"])
def tiers(request, district, pk):
    process = get_in_district(Process.objects.filter(kind=Process.Kind.PROPOSALS), district, pk=pk)
    here = reverse("proposals:tiers", kwargs={"district": district.slug, "pk": process.pk})
    if request.method == "POST" and request.POST.get("preset"):
        return post_action(
            request,
            lambda: services.tiers_apply_preset(
                actor=request.user, district=district, process=process, preset=request.POST["preset"]
            ),
            success=_("공감 기준 묶음을 적용했습니다."),
            redirect_to=here,
        )
    form = TierForm(post_data(request), district=district)
    done = form_action(
        request,
        form,
        lambda d: services.tier_create(
            actor=request.user,
            district=district,
            process=process,
            threshold=d["threshold"],
            window_days=d["window_days"],
            action=d["action"],
            answer_days=d["answer_days"],
            department=d.get("department"),
        ),
        success=_("공감 기준을 더했습니다."),
        redirect_to=here,
    )
    return done or render(
        request,
        "proposals/tiers.html",
        {
            "district": district,
            "process": process,
            "tiers": selectors.tier_list(process=process),
            "form": form,
            "presets": services.preset_choices(),
        },
    )


@district_view("proposals.manage_proposals")
@require_POST
def tier_delete(request, district, pk):
    tier = get_in_district(Tier.objects.select_related("process"), district, pk=pk)
    return post_action(
        request,
        lambda: services.tier_delete(actor=request.user, district=district, tier=tier),
        success=_("공감 기준을 지웠습니다."),
        redirect_to=reverse("proposals:tiers", kwargs={"district": district.slug, "pk": tier.process_id}),
    )


def _proposal(district, pk) -> Proposal:
    return get_in_district(Proposal.objects.select_related("district", "process", "dong"), district, pk=pk)


@district_view("proposals.manage_proposals")
@require_POST
def stage(request, district, pk):
    proposal = _proposal(district, pk)
    form = StageForm(
        request.POST, targets=list(dict.fromkeys([*stage_targets(proposal), request.POST.get("target", "")]))
    )
    if not form.is_valid():
        _errors(request, form)
        return redirect(proposal.get_absolute_url())
    d = form.cleaned_data
    return post_action(
        request,
        lambda: services.proposal_stage_change(
            actor=request.user,
            district=district,
            proposal=proposal,
            target=d["target"],
            reason=d["reason"],
            adopted=d.get("adopted"),
            route=d.get("route") or "",
            url=d.get("url") or "",
        ),
        success=_("단계를 바꿨습니다."),
        redirect_to=proposal.get_absolute_url(),
    )


@district_view("proposals.manage_proposals")
@require_POST
def merge(request, district, pk):
    proposal = _proposal(district, pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect(proposal.get_absolute_url())
    try:
        target = _proposal(district, form.cleaned_data["target"])
    except Http404:
        messages.error(request, _("이 자치구에 그 번호의 제안이 없습니다."))
        return redirect(proposal.get_absolute_url())
    try:
        services.proposal_merge(
            actor=request.user,
            district=district,
            source=proposal,
            target=target,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(proposal.get_absolute_url())
    messages.success(request, _("제안을 병합했습니다."))
    return redirect(target.get_absolute_url())


@district_view("proposals.manage_proposals")
@require_POST
def review(request, district, pk):
    proposal = _proposal(district, pk)
    form = ReviewForm(request.POST)
    back = reverse("proposals:manage", kwargs={"district": district.slug})
    if not form.is_valid():
        _errors(request, form)
        return redirect(back)
    return post_action(
        request,
        lambda: services.proposal_review(
            actor=request.user,
            district=district,
            proposal=proposal,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        ),
        success=_("검토 결과를 저장했습니다."),
        redirect_to=back,
    )
