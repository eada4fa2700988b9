"""Pages of the ballots part: voting (with a running total and a confirmation step), results, turnout,
paper ballots and the operators' channel scores.

The voting page works without JavaScript: ticking boxes and pressing "확인" shows the summary, the
server checks the whole ballot on every step; with htmx, each change of a box posts the form to
`ballot_total`, which answers the running total against the heading's money (or the picks against N)
and a Korean warning when over."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.cache import cached_page
from madang.core.exceptions import NotFound
from madang.core.services import DomainError
from madang.core.spreadsheets import spreadsheet_response
from madang.core.tenancy import district_view
from madang.core.views import form_action, post_action, post_data

from . import ballot_selectors as selectors
from . import ballot_services as services
from . import results as results_mod
from .ballot_forms import BallotForm, ChannelScoresForm, OfflineBallotForm
from .ballot_models import ChannelScore
from .ballot_predicates import heading_open_to, voter_eligibility, voting_closed
from .models import ChannelWeight, Cycle


def _url(name, cycle, **kwargs):
    return reverse(
        f"budgeting:{name}", kwargs={"district": cycle.district.slug, "slug": cycle.process.slug, **kwargs}
    )


def _cycle(request, district, slug):
    """The cycle of the URL, with what the cycle's sub-menu (budgeting/_nav.html) shows this person."""
    from .predicates import committee_cycle_ids

    cycle = selectors.cycle_get(district=district, slug=slug, user=request.user)
    cycle.viewer_can_manage = request.user.has_perm("budgeting.manage_cycle", cycle)
    cycle.viewer_is_committee = cycle.pk in committee_cycle_ids(request.user)
    return cycle


def _require(request, perm, cycle):
    if not request.user.has_perm(perm, cycle):
        raise PermissionDenied


# --- voting ------------------------------------------------------------------------------------------


def _summary(cycle, heading, projects, chosen_ids):
    """Totals of a (possibly invalid) selection and the Korean refusal the service would give."""
    costs = {p.pk: p.final_cost or 0 for p in projects}
    picked = [pk for pk in chosen_ids if pk in costs]
    total = sum(costs[pk] for pk in picked)
    error = None
    if picked:
        try:
            services.check_ballot(
                kind=cycle.ballot_kind,
                max_picks=cycle.approval_max_picks,
                min_share=cycle.knapsack_min_share,
                amount=int(heading.amount),
                costs=[costs[pk] for pk in picked],
                available=sum(costs.values()),
            )
        except DomainError as refused:
            error = refused.message
    amount = int(heading.amount)
    return {
        "knapsack": cycle.ballot_kind == Cycle.BallotKind.KNAPSACK,
        "total": total,
        "amount": amount,
        "remaining": amount - total,
        "over": total > amount,
        "picks": len(picked),
        "max_picks": cycle.approval_max_picks,
        "percent": min(100, round(100 * total / amount)) if amount else 0,
        "least": services.min_spend(
            amount=amount, min_share=cycle.knapsack_min_share, available=sum(costs.values())
        ),
        "error": error,
    }


@cached_page
@district_view()
def vote_home(request, district, slug):
    cycle = _cycle(request, district, slug)
    verification, refusal = voter_eligibility(request.user, cycle)
    can_vote = request.user.has_perm("budgeting.vote_cycle", cycle)
    rows = selectors.vote_overview(cycle=cycle, user=request.user, verification=verification)
    return render(
        request,
        "budgeting/vote_home.html",
        {
            "district": district,
            "cycle": cycle,
            "rows": rows,
            "refusal": refusal,
            "can_vote": can_vote,
            "verification": verification,
            "is_staff": request.user.has_perm("budgeting.view_turnout", cycle),
        },
    )


@cached_page  # GET only, per viewer; a stale form (phase change) is still checked by the service on submit
@district_view()
@login_required
@require_http_methods(["GET", "POST"])
def ballot_edit(request, district, slug, heading):
    cycle = _cycle(request, district, slug)
    heading = selectors.heading_get(cycle=cycle, pk=heading)
    verification, refusal = voter_eligibility(request.user, cycle)
    can_vote = request.user.has_perm("budgeting.vote_cycle", cycle)
    if refusal is None and not heading_open_to(heading, verification):
        refusal = _("동 단위 예산에는 주민 확인한 행정동(%(dong)s)의 예산에만 투표할 수 있습니다.") % {
            "dong": verification.dong.name
        }
    elif refusal is None and not can_vote:
        refusal = _("지금은 투표 기간이 아닙니다.")
    projects = selectors.ballot_projects(heading)
    mine = selectors.own_ballot(user=request.user, heading=heading)
    initial = {"projects": mine.project_ids if mine else []}
    form = BallotForm(post_data(request), projects=projects, initial=initial)
    confirming = False
    if request.method == "POST" and refusal is None and form.is_valid():
        chosen = [p.pk for p in form.chosen()]
        # "confirm=1" comes from the summary step only: the person saw what they submit
        if request.POST.get("confirm") == "1" and "edit" not in request.POST:
            done = form_action(
                request,
                form,
                lambda data: services.ballot_submit(
                    actor=request.user, district=district, heading=heading, project_ids=chosen
                ),
                success=_("투표를 제출했습니다. 투표 기간에는 언제든 고칠 수 있습니다."),
                redirect_to=_url("vote", cycle),
            )
            if done:
                return done
        elif "edit" not in request.POST:
            summary = _summary(cycle, heading, projects, chosen)
            if not chosen:
                form.add_error(None, _("사업을 하나 이상 고르세요."))
            elif summary["error"]:
                form.add_error(None, summary["error"])
            else:
                confirming = True
    selected = [int(v) for v in (form["projects"].value() or []) if str(v).isdigit()]
    return render(
        request,
        "budgeting/ballot_confirm.html" if confirming else "budgeting/ballot_form.html",
        {
            "district": district,
            "cycle": cycle,
            "heading": heading,
            "form": form,
            "projects": projects,
            "chosen": [p for p in projects if p.pk in set(selected)],
            "summary": _summary(cycle, heading, projects, selected),
            "refusal": refusal,
            "mine": mine,
        },
    )


@district_view()
@require_POST
def ballot_total(request, district, slug, heading):
    """htmx: the running total of the ticked boxes (no write)."""
    cycle = selectors.cycle_get(district=district, slug=slug, user=request.user)
    heading = selectors.heading_get(cycle=cycle, pk=heading)
    projects = selectors.ballot_projects(heading)
    chosen = []
    for value in request.POST.getlist("projects")[:200]:
        if value.isdigit() and len(value) < 19:
            chosen.append(int(value))
    return render(
        request,
        "budgeting/_ballot_total.html",
        {"summary": _summary(cycle, heading, projects, list(dict.fromkeys(chosen))), "heading": heading},
    )


# --- results -----------------------------------------------------------------------------------------


def _results_data(request, cycle):
    publication = results_mod.publication_get(cycle)
    live = publication is None and request.user.has_perm("budgeting.preview_results", cycle)
    return publication, results_mod.results_for_display(cycle, publication=publication, live=live)


@cached_page
@district_view()
def results(request, district, slug):
    cycle = _cycle(request, district, slug)
    publication, data = _results_data(request, cycle)
    # the per-channel breakdown: every channel with a weight, its raw number and normalised score
    shown = [
        (code, label)
        for code, label in ChannelWeight.Channel.choices
        if (data or {}).get("weights", {}).get(code)
    ]
    for heading in (data or {}).get("headings", []):
        for project in heading["projects"]:
            project["cells"] = [
                {
                    "label": label,
                    "raw": project["raw"].get(code, 0) or 0,
                    "normalised": project["normalised"].get(code, 0),
                }
                for code, label in shown
            ]
    return render(
        request,
        "budgeting/results.html",
        {
            "district": district,
            "cycle": cycle,
            "publication": publication,
            "data": data,
            "channels": shown,
            "can_publish": request.user.has_perm("budgeting.publish_results", cycle),
            "voting_closed": voting_closed(cycle),
        },
    )


@district_view()
def results_export(request, district, slug, fmt):
    if fmt not in ("csv", "xlsx"):
        raise NotFound(_("내려받을 수 없는 형식입니다."))
    cycle = _cycle(request, district, slug)
    _publication, data = _results_data(request, cycle)
    if data is None:
        raise NotFound(_("아직 공개된 결과가 없습니다."))
    return spreadsheet_response(
        fmt,
        results_mod.export_headers(),
        results_mod.export_rows(data),
        filename=f"budget-results-{cycle.process.slug}",
        sheet_title="results",
    )


@district_view()
@require_POST
def results_publish(request, district, slug):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.view_turnout", cycle)
    return post_action(
        request,
        lambda: services.results_publish(actor=request.user, district=district, cycle=cycle),
        success=_("결과를 공개했습니다. 선정된 사업의 상태가 '선정'으로 바뀌었습니다."),
        redirect_to=_url("results", cycle),
    )


@district_view()
def turnout(request, district, slug):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.view_turnout", cycle)
    return render(
        request,
        "budgeting/turnout.html",
        {"district": district, "cycle": cycle, "numbers": results_mod.turnout(cycle)},
    )


# --- paper ballots and channel scores ----------------------------------------------------------------


@district_view()
def offline_home(request, district, slug):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.view_turnout", cycle)
    rows = selectors.vote_overview(cycle=cycle, user=None, verification=None)
    return render(
        request,
        "budgeting/offline_home.html",
        {
            "district": district,
            "cycle": cycle,
            "rows": rows,
            "can_enter": request.user.has_perm("budgeting.enter_offline_ballot", cycle),
        },
    )


@district_view()
@require_http_methods(["GET", "POST"])
def offline_entry(request, district, slug, heading):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.view_turnout", cycle)
    heading = selectors.heading_get(cycle=cycle, pk=heading)
    projects = selectors.ballot_projects(heading)
    form = OfflineBallotForm(post_data(request), projects=projects)
    done = form_action(
        request,
        form,
        lambda data: services.offline_ballot_enter(
            actor=request.user,
            district=district,
            heading=heading,
            name=data["name"],
            birth_date=data["birth_date"],
            project_ids=data["projects"],
            note=data["note"],
        ),
        success=_("현장 투표지를 입력했습니다."),
        redirect_to=_url("offline_entry", cycle, heading=heading.pk),
    )
    return done or render(
        request,
        "budgeting/offline_form.html",
        {
            "district": district,
            "cycle": cycle,
            "heading": heading,
            "form": form,
            "can_enter": request.user.has_perm("budgeting.enter_offline_ballot", cycle),
        },
    )


@district_view()
@require_http_methods(["GET", "POST"])
def channel_scores(request, district, slug):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.view_turnout", cycle)
    projects = results_mod.ranked_projects(cycle)
    form = ChannelScoresForm(
        post_data(request), projects=projects, current=results_mod.channel_score_map(cycle)
    )
    done = form_action(
        request,
        form,
        lambda data: services.channel_scores_set(
            actor=request.user, district=district, cycle=cycle, scores=form.scores()
        ),
        success=_("점수를 저장했습니다."),
        redirect_to=_url("channel_scores", cycle),
    )
    return done or render(
        request,
        "budgeting/channel_scores.html",
        {
            "district": district,
            "cycle": cycle,
            "form": form,
            "channels": ChannelScore.Channel.choices,
            "can_score": request.user.has_perm("budgeting.score_channels", cycle),
        },
    )
