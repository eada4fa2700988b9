"""Pages under /<district>/budgeting/: cycles, headings, projects, screening, review, shortlist, progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.cache import cached_page
from madang.core.services import DomainError
from madang.core.spreadsheets import spreadsheet_response
from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_action, post_data

from . import selectors, services
from .forms import (
    AttachmentForm,
    CommitteeForm,
    CycleForm,
    CycleSettingsForm,
    HeadingForm,
    ProgressForm,
    ProjectFilterForm,
    ProjectForm,
    ReviewForm,
    ScreeningForm,
    StatusForm,
    WeightsForm,
)
from .models import MAX_ATTACHMENTS, ChannelWeight, CommitteeMember, Heading, Project
from .predicates import proposer_refusal
from .spreadsheets import project_rows

VIEW = "budgeting.view_budgeting"
PAGE_SIZE = 20
S = Project.Status


def _cycle(request, district, slug):
    """The cycle of the URL (unpublished ones for staff only), with what its sub-menu shows this person."""
    cycle = selectors.cycle_get(district=district, slug=slug, user=request.user)
    cycle.viewer_can_manage = request.user.has_perm("budgeting.manage_cycle", cycle)
    cycle.viewer_is_committee = cycle.pk in _committee_ids(request.user)
    return cycle


def _require(request, perm, obj):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _url(name, cycle, **kwargs) -> str:
    return reverse(
        f"budgeting:{name}", kwargs={"district": cycle.district.slug, "slug": cycle.slug, **kwargs}
    )


# --- cycles ------------------------------------------------------------------------------------------


@cached_page
@district_view(VIEW)
def home(request, district):
    return render(
        request,
        "budgeting/home.html",
        {
            "district": district,
            "cycles": selectors.cycle_list(district=district, user=request.user),
            "can_add": request.user.has_perm("budgeting.add_cycle", district),
        },
    )


@district_view("budgeting.add_cycle")
@require_http_methods(["GET", "POST"])
def cycle_create(request, district):
    form = CycleForm(post_data(request))
    done = form_action(
        request,
        form,
        lambda data: services.cycle_create(actor=request.user, district=district, **data),
        success=_("참여예산 회차를 만들었습니다. 예산 구분을 추가하세요."),
        redirect_to=lambda cycle: cycle.get_absolute_url(),
    )
    return done or render(request, "budgeting/cycle_form.html", {"district": district, "form": form})


@cached_page
@district_view(VIEW)
def cycle_detail(request, district, slug):
    cycle = _cycle(request, district, slug)
    user = request.user
    headings = list(selectors.heading_list(cycle=cycle))
    return render(
        request,
        "budgeting/cycle_detail.html",
        {
            "district": district,
            "cycle": cycle,
            "process": cycle.process,
            "headings": headings,
            "total_amount": sum(h.amount for h in headings),
            "criteria": selectors.criteria_list(cycle=cycle),
            "weights": selectors.channel_weights(cycle=cycle),
            "summary": selectors.cycle_summary(cycle=cycle),
            "can_manage": user.has_perm("budgeting.manage_cycle", cycle),
            "can_propose": user.has_perm("budgeting.propose_project", cycle)
            or user.has_perm("budgeting.propose_on_behalf", cycle),
            "is_committee": cycle.pk in _committee_ids(user),
        },
    )


def _committee_ids(user):
    from .predicates import committee_cycle_ids

    return committee_cycle_ids(user)


@district_view(VIEW)
@login_required
@require_http_methods(["GET", "POST"])
def cycle_settings(request, district, slug):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.manage_cycle", cycle)
    data = post_data(request)
    which = request.POST.get("form") if data is not None else None
    settings_form = CycleSettingsForm(
        data if which == "settings" else None,
        initial={f: getattr(cycle, f) for f in services.CYCLE_FIELDS},
    )
    weights_form = WeightsForm(
        data if which == "weights" else None,
        initial={w.channel: w.weight for w in selectors.channel_weights(cycle=cycle)},
    )
    if which == "preset":
        preset = request.POST.get("preset", "")
        return post_action(
            request,
            lambda: services.channel_weights_set(
                actor=request.user, cycle=cycle, weights=ChannelWeight.PRESETS.get(preset, {})
            ),
            success=_("경로별 비중을 저장했습니다."),
            redirect_to=_url("settings", cycle),
        )
    done = form_action(
        request,
        settings_form,
        lambda d: services.cycle_update(actor=request.user, cycle=cycle, data=d),
        success=_("설정을 저장했습니다."),
        redirect_to=_url("settings", cycle),
    ) or form_action(
        request,
        weights_form,
        lambda d: services.channel_weights_set(
            actor=request.user, cycle=cycle, weights={k: v or 0 for k, v in d.items()}
        ),
        success=_("경로별 비중을 저장했습니다."),
        redirect_to=_url("settings", cycle),
    )
    return done or render(
        request,
        "budgeting/cycle_settings.html",
        {
            "district": district,
            "cycle": cycle,
            "settings_form": settings_form,
            "weights_form": weights_form,
            "headings": selectors.heading_list(cycle=cycle),
            "presets": list(ChannelWeight.PRESET_LABELS.items()),
        },
    )


# --- headings ----------------------------------------------------------------------------------------


@district_view(VIEW)
@login_required
@require_http_methods(["GET", "POST"])
def heading_create(request, district, slug):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.manage_cycle", cycle)
    form = HeadingForm(post_data(request), district=district, initial={"kind": Heading.Kind.DISTRICT})
    done = form_action(
        request,
        form,
        lambda data: services.heading_create(actor=request.user, cycle=cycle, data=data),
        success=_("예산 구분을 추가했습니다."),
        redirect_to=_url("settings", cycle),
    )
    return done or render(
        request, "budgeting/heading_form.html", {"district": district, "cycle": cycle, "form": form}
    )


@district_view(VIEW)
@login_required
@require_http_methods(["GET", "POST"])
def heading_edit(request, district, slug, pk):
    cycle = _cycle(request, district, slug)
    heading = get_in_district(Heading.objects.filter(cycle=cycle).select_related("cycle"), district, pk=pk)
    _require(request, "budgeting.manage_cycle", cycle)
    initial = {f: getattr(heading, f) for f in services.HEADING_FIELDS}
    form = HeadingForm(post_data(request), district=district, initial=initial)
    done = form_action(
        request,
        form,
        lambda data: services.heading_update(actor=request.user, heading=heading, data=data),
        success=_("예산 구분을 저장했습니다."),
        redirect_to=_url("settings", cycle),
    )
    return done or render(
        request,
        "budgeting/heading_form.html",
        {"district": district, "cycle": cycle, "form": form, "heading": heading},
    )


@district_view(VIEW)
@login_required
@require_POST
def heading_delete(request, district, slug, pk):
    cycle = _cycle(request, district, slug)
    heading = get_in_district(Heading.objects.filter(cycle=cycle).select_related("cycle"), district, pk=pk)
    _require(request, "budgeting.manage_cycle", cycle)
    return post_action(
        request,
        lambda: services.heading_delete(actor=request.user, heading=heading),
        success=_("예산 구분을 삭제했습니다."),
        redirect_to=_url("settings", cycle),
    )


# --- projects ----------------------------------------------------------------------------------------


@cached_page
@district_view(VIEW)
def project_list(request, district, slug):
    cycle = _cycle(request, district, slug)
    headings = list(selectors.heading_list(cycle=cycle))
    form = ProjectFilterForm(request.GET or None, cycle=cycle, headings=headings)
    data = {}
    if form.is_bound:
        if not form.is_valid():
            messages.warning(request, _("잘못된 검색 조건은 빼고 보여 드립니다."))
        data = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    filters = selectors.ProjectFilters(
        heading=data.get("heading"),
        dong=data.get("dong"),
        status=data.get("status") or "",
        q=(data.get("q") or "").strip(),
        order=data.get("order") or "new",
    )
    queryset = selectors.project_list(cycle=cycle, filters=filters, user=request.user)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "budgeting/project_list.html",
        {
            "district": district,
            "cycle": cycle,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_propose": request.user.has_perm("budgeting.propose_project", cycle)
            or request.user.has_perm("budgeting.propose_on_behalf", cycle),
            "can_export": request.user.has_perm("budgeting.export_projects", cycle),
        },
    )


@district_view(VIEW)
@login_required
@require_http_methods(["GET", "POST"])
def project_create(request, district, slug):
    cycle = _cycle(request, district, slug)
    on_behalf = request.user.has_perm("budgeting.propose_on_behalf", cycle)
    refusal = None
    if not on_behalf and not request.user.has_perm("budgeting.propose_project", cycle):
        refusal = proposer_refusal(request.user, cycle) or _(
            "지금은 사업을 제안할 수 없습니다 (제안 접수 기간이 아닙니다)."
        )
    form = ProjectForm(None if refusal else post_data(request), cycle=cycle, on_behalf=on_behalf)

    def save(data):
        if on_behalf:
            name = data.pop("on_behalf_name")
            return services.project_propose_on_behalf(
                actor=request.user, cycle=cycle, data=data, on_behalf_name=name
            )
        return services.project_propose(actor=request.user, cycle=cycle, data=data)

    done = (
        None
        if refusal
        else form_action(
            request,
            form,
            save,
            success=_("사업 제안을 접수했습니다. 적격 심사 결과를 알려 드립니다."),
            redirect_to=lambda project: project.get_absolute_url(),
        )
    )
    return done or render(
        request,
        "budgeting/project_form.html",
        {"district": district, "cycle": cycle, "form": form, "refusal": refusal, "on_behalf": on_behalf},
        status=403 if refusal and request.method == "POST" else 200,
    )


def _project(request, district, slug, pk):
    cycle = _cycle(request, district, slug)
    return cycle, selectors.project_get(cycle=cycle, pk=pk, user=request.user)


@cached_page
@district_view(VIEW)
def project_detail(request, district, slug, pk):
    cycle, project = _project(request, district, slug, pk)
    user = request.user
    can_manage = user.has_perm("budgeting.manage_cycle", cycle)
    return render(
        request,
        "budgeting/project_detail.html",
        {
            "district": district,
            "cycle": cycle,
            "project": project,
            "can_manage": can_manage,
            "can_edit": user.has_perm("budgeting.change_project", project),
            "can_withdraw": project.status in services.TRANSITIONS
            and S.WITHDRAWN in services.TRANSITIONS[project.status]
            and user.has_perm("budgeting.withdraw_project", project),
            "can_screen": user.has_perm("budgeting.screen_project", project)
            and project.status == S.SUBMITTED,
            "can_review": user.has_perm("budgeting.review_project", project)
            and project.status in (S.ELIGIBLE, S.SHORTLISTED),
            "can_progress": user.has_perm("budgeting.report_progress", project),
            "status_form": StatusForm(initial={"status": project.status}) if can_manage else None,
            "progress_form": ProgressForm(initial={"percent": project.progress_percent}),
            "can_attach": user.has_perm("budgeting.attach_to_project", project)
            and len(project.attachments.all()) < MAX_ATTACHMENTS,
            "attachment_form": AttachmentForm(),
        },
    )


@district_view(VIEW)
@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, district, slug, pk):
    cycle, project = _project(request, district, slug, pk)
    _require(request, "budgeting.change_project", project)
    initial = {
        f: getattr(project, f) for f in ("heading", "title", "description", "dong", "location", "cost")
    }
    form = ProjectForm(post_data(request), cycle=cycle, initial=initial)
    done = form_action(
        request,
        form,
        lambda data: services.project_update(actor=request.user, project=project, data=data),
        success=_("사업을 저장했습니다."),
        redirect_to=project.get_absolute_url(),
    )
    return done or render(
        request,
        "budgeting/project_form.html",
        {"district": district, "cycle": cycle, "form": form, "project": project},
    )


@district_view(VIEW)
@login_required
@require_POST
def project_withdraw(request, district, slug, pk):
    _cycle, project = _project(request, district, slug, pk)
    _require(request, "budgeting.withdraw_project", project)
    return post_action(
        request,
        lambda: services.project_withdraw(actor=request.user, project=project),
        success=_("사업 제안을 철회했습니다."),
        redirect_to=project.get_absolute_url(),
    )


@district_view(VIEW)
@login_required
@require_POST
def project_status(request, district, slug, pk):
    cycle, project = _project(request, district, slug, pk)
    _require(request, "budgeting.manage_cycle", cycle)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("바꿀 상태를 골라 주세요."))
        return redirect(project.get_absolute_url())
    return post_action(
        request,
        lambda: services.project_set_status(
            actor=request.user,
            project=project,
            target=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        ),
        success=_("사업 상태를 바꿨습니다."),
        redirect_to=project.get_absolute_url(),
    )


@district_view(VIEW)
@login_required
@require_POST
def project_progress(request, district, slug, pk):
    _cycle, project = _project(request, district, slug, pk)
    _require(request, "budgeting.report_progress", project)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(project.get_absolute_url() + "#progress")
    return post_action(
        request,
        lambda: services.progress_add(actor=request.user, project=project, **form.cleaned_data),
        success=_("집행 현황을 기록했습니다."),
        redirect_to=project.get_absolute_url() + "#progress",
    )


def _departments(request, district, cycle):
    """Departments the person may screen for: all of the district's for operators, their own otherwise."""
    from madang.districts.models import Department
    from madang.districts.selectors import departments_of

    if request.user.has_perm("budgeting.manage_cycle", cycle):
        return Department.objects.in_district(district).order_by("name")
    return departments_of(request.user, district)


@district_view(VIEW)
@login_required
@require_http_methods(["GET", "POST"])
def project_screen(request, district, slug, pk):
    cycle, project = _project(request, district, slug, pk)
    _require(request, "budgeting.screen_project", project)
    departments = _departments(request, district, cycle)
    form = ScreeningForm(post_data(request), departments=departments)
    done = form_action(
        request,
        form,
        lambda data: services.project_screen(actor=request.user, project=project, **data),
        success=_("적격 심사 결과를 저장했습니다."),
        redirect_to=project.get_absolute_url(),
    )
    return done or render(
        request,
        "budgeting/project_screen.html",
        {"district": district, "cycle": cycle, "project": project, "form": form, "departments": departments},
    )


@district_view(VIEW)
@login_required
@require_POST
def project_attach(request, district, slug, pk):
    _cycle, project = _project(request, district, slug, pk)
    _require(request, "budgeting.attach_to_project", project)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(project.get_absolute_url() + "#files")
    upload = form.cleaned_data["file"]
    return post_action(
        request,
        lambda: services.project_attach(
            actor=request.user,
            project=project,
            file=upload,
            caption=form.cleaned_data["caption"],
            kind=getattr(upload, "upload_kind", "image"),
        ),
        success=_("파일을 올렸습니다."),
        redirect_to=project.get_absolute_url() + "#files",
    )


@district_view(VIEW)
@login_required
@require_http_methods(["GET", "POST"])
def project_review(request, district, slug, pk):
    cycle, project = _project(request, district, slug, pk)
    _require(request, "budgeting.review_project", project)
    criteria = list(selectors.criteria_list(cycle=cycle))
    mine = selectors.my_scores(project=project, user=request.user)
    form = ReviewForm(
        post_data(request), criteria=criteria, initial={f"c{k}": str(v) for k, v in mine.items()}
    )
    done = form_action(
        request,
        form,
        lambda data: services.project_review(actor=request.user, project=project, scores=form.scores()),
        success=_("심사 점수를 저장했습니다."),
        redirect_to=_url("review_queue", cycle),
    )
    return done or render(
        request,
        "budgeting/project_review.html",
        {"district": district, "cycle": cycle, "project": project, "form": form, "scored": bool(mine)},
    )


@district_view(VIEW)
@login_required
def review_queue(request, district, slug):
    cycle = _cycle(request, district, slug)
    if cycle.pk not in _committee_ids(request.user) and not request.user.has_perm(
        "budgeting.manage_cycle", cycle
    ):
        raise PermissionDenied
    page = Paginator(selectors.review_queue(cycle=cycle, user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "budgeting/review_queue.html",
        {
            "district": district,
            "cycle": cycle,
            "page": page,
            "query": "",
            "can_review": request.user.has_perm("budgeting.review_project", cycle),
        },
    )


@district_view(VIEW)
@login_required
@require_http_methods(["GET", "POST"])
def shortlist(request, district, slug):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.manage_cycle", cycle)
    if request.method == "POST":
        project = get_in_district(
            Project.objects.filter(cycle=cycle), district, pk=request.POST.get("project")
        )
        on = request.POST.get("shortlisted") == "1"
        response = post_action(
            request,
            lambda: services.project_shortlist(actor=request.user, project=project, shortlisted=on),
            success=_("'%(title)s'을(를) 투표 대상에 넣었습니다.") % {"title": project.title}
            if on
            else _("'%(title)s'을(를) 투표 대상에서 뺐습니다.") % {"title": project.title},
            redirect_to=_url("shortlist", cycle) + f"?page={request.POST.get('page', 1)}",
        )
        return response
    page = Paginator(selectors.shortlist_candidates(cycle=cycle), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "budgeting/shortlist.html",
        {
            "district": district,
            "cycle": cycle,
            "page": page,
            "query": "",
            "headings": selectors.heading_list(cycle=cycle),
            "can_shortlist": request.user.has_perm("budgeting.shortlist_project", cycle),
        },
    )


@district_view(VIEW)
@login_required
@require_http_methods(["GET", "POST"])
def committee(request, district, slug):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.manage_cycle", cycle)
    form = CommitteeForm(post_data(request))

    def add(data):
        user = get_user_model().objects.filter(email__iexact=data["email"], is_active=True).first()
        if user is None:
            raise DomainError(_("이 전자우편으로 가입한 계정이 없습니다."), code="not_found")
        return services.committee_member_add(actor=request.user, cycle=cycle, user=user)

    done = form_action(
        request, form, add, success=_("위원을 추가했습니다."), redirect_to=_url("committee", cycle)
    )
    return done or render(
        request,
        "budgeting/committee.html",
        {
            "district": district,
            "cycle": cycle,
            "form": form,
            "members": selectors.committee_list(cycle=cycle),
        },
    )


@district_view(VIEW)
@login_required
@require_POST
def committee_remove(request, district, slug, pk):
    cycle = _cycle(request, district, slug)
    member = get_in_district(
        CommitteeMember.objects.filter(cycle=cycle).select_related("cycle", "user"), district, pk=pk
    )
    _require(request, "budgeting.manage_cycle", cycle)
    return post_action(
        request,
        lambda: services.committee_member_remove(actor=request.user, member=member),
        success=_("위원을 뺐습니다."),
        redirect_to=_url("committee", cycle),
    )


@district_view(VIEW)
@login_required
def export(request, district, slug, fmt):
    cycle = _cycle(request, district, slug)
    _require(request, "budgeting.export_projects", cycle)
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("지원하지 않는 파일 형식입니다."))
    headers, rows = project_rows(selectors.project_queryset(cycle=cycle).order_by("heading__order", "id"))
    return spreadsheet_response(
        fmt, headers, rows, filename=f"{district.slug}-{cycle.slug}-projects", sheet_title="사업"
    )
