"""Public pages: the index, a proposal, proposing and editing, supporting, messaging supporters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.cache import cached_page
from madang.core.services import DomainError
from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_data

from .. import selectors, services
from ..forms import ProposalFilterForm, ProposalForm, SupporterMessageForm
from ..models import STAGE_PATH, STAGE_TRANSITIONS, Proposal, Route, Stage

PAGE_SIZE = 20


def _filters(request, district):
    form = ProposalFilterForm(request.GET or None, district=district)
    if not form.is_bound:
        return form, selectors.ProposalFilters()
    if not form.is_valid():
        messages.warning(request, _("잘못된 검색 조건은 빼고 보여 드립니다."))
        form = ProposalFilterForm(
            {k: v for k, v in request.GET.items() if k not in form.errors}, district=district
        )
        form.is_valid()
    data = form.cleaned_data
    return form, selectors.ProposalFilters(
        q=(data.get("q") or "").strip(),
        stage=data.get("stage") or "",
        issue_area=data.get("issue_area"),
        dong=data.get("dong"),
        tier=data.get("tier"),
        sort=data.get("sort") or "new",
    )


def stage_targets(proposal) -> list[str]:
    """The stages an operator may move the proposal to from where it is."""
    manual = [
        s for s in STAGE_TRANSITIONS if s not in (Stage.EXPIRED, Stage.MERGED, Stage.SUPPORT, Stage.REJECTED)
    ]
    return [t for t in manual if proposal.stage in STAGE_TRANSITIONS[t]]


def _query(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@cached_page
@district_view("proposals.view_proposals")
def index(request, district):
    form, filters = _filters(request, district)
    page = Paginator(selectors.proposal_list(district=district, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "proposals/index.html",
        {
            "district": district,
            "form": form,
            "page": page,
            "query": _query(request),
            "supported": selectors.supported_ids(request.user, page.object_list),
            "can_manage": request.user.has_perm("proposals.manage_proposals", district),
            "open_process": selectors.open_process(district=district),
        },
    )


def _proposal(request, district, pk) -> Proposal:
    return get_in_district(
        selectors.proposal_detail_queryset(district=district, user=request.user), district, pk=pk
    )


def _support_context(request, district, proposal, tiers=None) -> dict:
    tiers = selectors.tier_list(process=proposal.process) if tiers is None else tiers
    return {
        "district": district,
        "proposal": proposal,
        "progress": selectors.tier_progress(proposal, tiers),
        "supported": selectors.has_supported(request.user, proposal),
        "can_support": request.user.has_perm("proposals.support_proposal", proposal)
        and proposal.is_open_for_support(),
    }


def _with_can_answer(user, assignments) -> list:
    rows = list(assignments)
    for a in rows:
        a.can_answer = (
            user.is_authenticated
            and a.answered_at is None
            and user.has_perm("proposals.answer_assignment", a)
        )
    return rows


@cached_page
@district_view("proposals.view_proposals")
def detail(request, district, pk):
    proposal = _proposal(request, district, pk)
    if proposal.stage == Stage.MERGED and proposal.merged_into_id:
        messages.info(
            request,
            _("이 제안은 '%(title)s' 제안에 병합되었습니다.") % {"title": proposal.merged_into.title},
        )
        return redirect(
            reverse("proposals:detail", kwargs={"district": district.slug, "pk": proposal.merged_into_id})
        )
    if services.expire_if_due(proposal):
        proposal = _proposal(request, district, pk)
    user = request.user
    can_stage = user.has_perm("proposals.change_stage", proposal)
    tiers = selectors.tier_list(process=proposal.process)
    context = _support_context(request, district, proposal, tiers)
    context.update(
        {
            "tiers": tiers,
            "path": STAGE_PATH,
            "timeline": selectors.timeline(proposal),
            "assignments": _with_can_answer(user, proposal.assignments.all()),
            "crossings": list(proposal.crossings.all()),
            "attachments": list(proposal.attachments.all()),
            "last_message": next(iter(proposal.messages.all()), None),
            "can_edit": user.has_perm("proposals.change_proposal", proposal),
            "can_message": user.has_perm("proposals.message_supporters", proposal),
            "can_stage": can_stage,
            "can_manage": user.has_perm("proposals.manage_proposals", district),
            "stage_targets": stage_targets(proposal) if can_stage else [],
            "message_form": SupporterMessageForm(),
            "stage_choices": Stage.choices,
            "route_choices": Route.choices,
        }
    )
    return render(request, "proposals/detail.html", context)


@district_view("proposals.view_proposals")
@login_required
@require_http_methods(["GET", "POST"])
def create(request, district):
    process = selectors.open_process(district=district)
    on_behalf = request.user.has_perm("proposals.manage_proposals", district)
    if process is None and on_behalf:
        process = selectors.proposal_processes(district=district).first()
    if process is None:
        messages.info(request, _("지금은 제안을 받는 기간이 아닙니다."))
        return redirect(reverse("proposals:index", kwargs={"district": district.slug}))
    if not (request.user.has_perm("proposals.add_proposal", process) or on_behalf):
        messages.error(request, _("이 자치구 주민으로 등록한 분만 제안할 수 있습니다."))
        return redirect(reverse("proposals:index", kwargs={"district": district.slug}))
    data, files = post_data(request, files=True)
    form = ProposalForm(data, files, district=district, on_behalf=on_behalf)
    done = form_action(
        request,
        form,
        lambda d: services.proposal_create(
            actor=request.user,
            district=district,
            process=process,
            title=d["title"],
            body=d["body"],
            issue_area=d.get("issue_area"),
            dong=d.get("dong"),
            files=d.get("files") or [],
            on_behalf_name=d.get("on_behalf_name", ""),
        ),
        success=lambda p: (
            _("제안을 올렸습니다.")
            if p.review == "approved"
            else _("제안을 받았습니다. 운영진이 확인한 뒤 공개됩니다.")
        ),
        redirect_to=lambda p: p.get_absolute_url(),
    )
    return done or render(
        request, "proposals/form.html", {"district": district, "form": form, "process": process}
    )


@district_view("proposals.view_proposals")
@login_required
@require_http_methods(["GET", "POST"])
def edit(request, district, pk):
    proposal = _proposal(request, district, pk)
    if not request.user.has_perm("proposals.change_proposal", proposal):
        messages.error(request, _("공감을 받기 전의 자기 제안만 고칠 수 있습니다."))
        return redirect(proposal.get_absolute_url())
    form = ProposalForm(
        post_data(request),
        district=district,
        with_files=False,
        initial={
            "title": proposal.title,
            "body": proposal.body,
            "issue_area": proposal.issue_area_id,
            "dong": proposal.dong_id,
        },
    )
    done = form_action(
        request,
        form,
        lambda d: services.proposal_update(
            actor=request.user,
            district=district,
            proposal=proposal,
            title=d["title"],
            body=d["body"],
            issue_area=d.get("issue_area"),
            dong=d.get("dong"),
        ),
        success=_("제안을 고쳤습니다."),
        redirect_to=proposal.get_absolute_url(),
    )
    return done or render(
        request, "proposals/form.html", {"district": district, "form": form, "proposal": proposal}
    )


@district_view("proposals.view_proposals")
@require_POST
def support(request, district, pk):
    """POST adds the 공감, POST with withdraw=1 takes it back. htmx swaps the box in place; without
    JavaScript the page comes back with a message."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(reverse("proposals:detail", kwargs={"district": district.slug, "pk": pk}))
    proposal = get_in_district(Proposal.objects.select_related("district", "process"), district, pk=pk)
    withdraw = request.POST.get("withdraw") == "1"
    error = None
    try:
        if withdraw:
            services.support_withdraw(actor=request.user, district=district, proposal=proposal)
        else:
            services.support_add(actor=request.user, district=district, proposal=proposal)
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        proposal = _proposal(request, district, pk)
        context = _support_context(request, district, proposal)
        context["error"] = error
        return render(request, "proposals/_support.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("공감을 취소했습니다.") if withdraw else _("공감했습니다."))
    return redirect(proposal.get_absolute_url())


@district_view("proposals.view_proposals")
@login_required
@require_POST
def message(request, district, pk):
    proposal = _proposal(request, district, pk)
    form = SupporterMessageForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(proposal.get_absolute_url())
    try:
        sent = services.supporters_message(
            actor=request.user, district=district, proposal=proposal, body=form.cleaned_data["body"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("공감한 %(n)d명에게 글을 보냈습니다.") % {"n": sent.recipients})
    return redirect(proposal.get_absolute_url())
