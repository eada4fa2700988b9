"""Pages under /<district>/processes/: list, detail with the timeline, operator forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.services import DomainError
from madang.core.tenancy import district_view

from . import selectors, services
from .forms import PhaseForm, ProcessForm, phase_initial

MANAGE = "processes.manage_process"


def _list_url(district) -> str:
    return reverse("processes:list", kwargs={"district": district.slug})


@district_view()
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


@district_view()
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
    form = ProcessForm(request.POST if request.method == "POST" else None, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_create(actor=request.user, district=district, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("참여 과정을 만들었습니다. 이제 단계를 추가하세요."))
            return redirect(process.get_absolute_url())
    return render(request, "processes/process_form.html", {"district": district, "form": form})


@district_view(MANAGE)
@require_http_methods(["GET", "POST"])
def process_edit(request, district, slug):
    process = selectors.process_get(district=district, slug=slug, include_unpublished=True)
    initial = {f: getattr(process, f) for f in services.PROCESS_FIELDS}
    form = ProcessForm(request.POST if request.method == "POST" else None, district=district, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.process_update(actor=request.user, process=process, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("참여 과정을 저장했습니다."))
            return redirect(process.get_absolute_url())
    return render(
        request, "processes/process_form.html", {"district": district, "form": form, "process": process}
    )


@district_view(MANAGE)
@require_POST
def process_delete(request, district, slug):
    process = selectors.process_get(district=district, slug=slug, include_unpublished=True)
    try:
        services.process_delete(actor=request.user, process=process)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(process.get_absolute_url())
    messages.success(request, _("참여 과정을 삭제했습니다."))
    return redirect(_list_url(district))


@district_view(MANAGE)
@require_http_methods(["GET", "POST"])
def phase_create(request, district, slug):
    process = selectors.process_get(district=district, slug=slug, include_unpublished=True)
    form = PhaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_add(actor=request.user, process=process, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("단계를 추가했습니다."))
            return redirect(process.get_absolute_url())
    return render(
        request, "processes/phase_form.html", {"district": district, "process": process, "form": form}
    )


@district_view(MANAGE)
@require_http_methods(["GET", "POST"])
def phase_edit(request, district, slug, pk):
    process = selectors.process_get(district=district, slug=slug, include_unpublished=True)
    phase = selectors.phase_get(process=process, pk=pk)
    phase.process = process
    form = PhaseForm(request.POST if request.method == "POST" else None, initial=phase_initial(phase))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("order") is None:
            data.pop("order", None)
        try:
            services.phase_update(actor=request.user, phase=phase, data=data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("단계를 저장했습니다."))
            return redirect(process.get_absolute_url())
    return render(
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
    try:
        services.phase_delete(actor=request.user, phase=phase)
    except DomainError as error:  # pragma: no cover - the permission was checked by the decorator
        raise PermissionDenied from error
    messages.success(request, _("단계를 삭제했습니다."))
    return redirect(process.get_absolute_url())
