"""Pages under /<district>/processes/: list, detail with the timeline, operator forms."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.tenancy import district_view
from madang.core.views import form_action, post_action, post_data

from . import selectors, services
from .forms import PhaseForm, ProcessForm, phase_initial

MANAGE = "processes.manage_process"


def _list_url(district) -> str:
    return reverse("processes:list", kwargs={"district": district.slug})


@district_view("processes.view_processes")
def process_list(request, district):
    can_manage = request.user.has_perm(MANAGE, district)
    return render(
        request,
        "processes/process_list.html",
        {
            "district": district,
            "processes": selectors.process_list(district=district, include_unpublished=can_manage),
            "can_manage": can_manage,
        },
    )


@district_view("processes.view_processes")
def process_detail(request, district, slug):
    can_manage = request.user.has_perm(MANAGE, district)
    process = selectors.process_get(district=district, slug=slug, include_unpublished=can_manage)
    return render(
        request,
        "processes/process_detail.html",
        {"district": district, "process": process, "can_manage": can_manage},
    )


@district_view(MANAGE)
@require_http_methods(["GET", "POST"])
def process_create(request, district):
    form = ProcessForm(post_data(request), district=district)
    done = form_action(
        request,
        form,
        lambda data: services.process_create(actor=request.user, district=district, **data),
        success=_("참여 과정을 만들었습니다. 이제 단계를 추가하세요."),
        redirect_to=lambda process: process.get_absolute_url(),
    )
    return done or render(request, "processes/process_form.html", {"district": district, "form": form})


@district_view(MANAGE)
@require_http_methods(["GET", "POST"])
def process_edit(request, district, slug):
    process = selectors.process_get(district=district, slug=slug, include_unpublished=True)
    initial = {f: getattr(process, f) for f in services.PROCESS_FIELDS}
    form = ProcessForm(post_data(request), district=district, initial=initial)
    done = form_action(
        request,
        form,
        lambda data: services.process_update(actor=request.user, process=process, data=data),
        success=_("참여 과정을 저장했습니다."),
        redirect_to=lambda updated: updated.get_absolute_url(),
    )
    return done or render(
        request, "processes/process_form.html", {"district": district, "form": form, "process": process}
    )


@district_view(MANAGE)
@require_POST
def process_delete(request, district, slug):
    process = selectors.process_get(district=district, slug=slug, include_unpublished=True)
    return post_action(
        request,
        lambda: services.process_delete(actor=request.user, process=process),
        success=_("참여 과정을 삭제했습니다."),
        redirect_to=_list_url(district),
        error_redirect_to=process.get_absolute_url(),
    )


@district_view(MANAGE)
@require_http_methods(["GET", "POST"])
def phase_create(request, district, slug):
    process = selectors.process_get(district=district, slug=slug, include_unpublished=True)
    form = PhaseForm(post_data(request))
    done = form_action(
        request,
        form,
        lambda data: services.phase_add(actor=request.user, process=process, **data),
        success=_("단계를 추가했습니다."),
        redirect_to=process.get_absolute_url(),
    )
    return done or render(
        request, "processes/phase_form.html", {"district": district, "process": process, "form": form}
    )


def _phase_data(data: dict) -> dict:
    data = dict(data)
    if data.get("order") is None:
        data.pop("order", None)
    return data


@district_view(MANAGE)
@require_http_methods(["GET", "POST"])
def phase_edit(request, district, slug, pk):
    process = selectors.process_get(district=district, slug=slug, include_unpublished=True)
    phase = selectors.phase_get(process=process, pk=pk)
    phase.process = process
    form = PhaseForm(post_data(request), initial=phase_initial(phase))
    done = form_action(
        request,
        form,
        lambda data: services.phase_update(actor=request.user, phase=phase, data=_phase_data(data)),
        success=_("단계를 저장했습니다."),
        redirect_to=process.get_absolute_url(),
    )
    return done or render(
        request,
        "processes/phase_form.html",
        {"district": district, "process": process, "phase": phase, "form": form},
    )


@district_view(MANAGE)
@require_POST
def phase_delete(request, district, slug, pk):
    process = selectors.process_get(district=district, slug=slug, include_unpublished=True)
    phase = selectors.phase_get(process=process, pk=pk)
    phase.process = process
    return post_action(
        request,
        lambda: services.phase_delete(actor=request.user, phase=phase),
        success=_("단계를 삭제했습니다."),
        redirect_to=process.get_absolute_url(),
    )
