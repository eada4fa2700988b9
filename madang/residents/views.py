"""Pages under /<district>/residents/: a process's resident verification, the registry upload, in-person
verification, committee applications and draws (set up, run, publish, the public result and its re-run).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.exceptions import DomainError, NotFound
from madang.core.ratelimit import client_ip, rate_limit
from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_action, post_data

from . import selectors, services
from .forms import (
    ApplyForm,
    DrawForm,
    DrawParamsForm,
    InPersonForm,
    RegistryUploadForm,
    RevokeForm,
    VerifyForm,
    draw_initial,
)
from .models import Draw, ResidentVerification

VIEW = "residents.view_residents"
PAGE_SIZE = 20


def _process(request, district, slug):
    """The district's process by slug; an unpublished one only for staff (404 for others)."""
    Process = apps.get_model("processes", "Process")
    process = get_in_district(Process.objects.select_related("district"), district, slug=slug)
    if not process.is_published and not request.user.has_perm("residents.manage_registry", process):
        raise NotFound(_("이 자치구에서 찾을 수 없는 참여 과정입니다."))
    return process


def _staff(request, process, perm="residents.manage_registry"):
    if not request.user.has_perm(perm, process):
        raise PermissionDenied


def _home(district, process) -> str:
    return reverse("residents:process_home", kwargs={"district": district.slug, "slug": process.slug})


def _draw(request, district, pk) -> Draw:
    draw = get_in_district(Draw.objects.select_related("process", "district"), district, pk=pk)
    if not request.user.has_perm("residents.view_draw", draw):
        raise NotFound(_("이 자치구에서 찾을 수 없는 위원 추첨입니다."))
    return draw


# --- the process's page and the person's own steps -------------------------------------------------------


@district_view(VIEW)
def process_home(request, district, slug):
    process = _process(request, district, slug)
    user = request.user
    is_staff = user.has_perm("residents.manage_registry", process)
    return render(
        request,
        "residents/process_home.html",
        {
            "district": district,
            "process": process,
            "verification": selectors.verification_get(user=user, process=process),
            "applicant": selectors.applicant_get(user=user, process=process),
            "draws": selectors.draw_list(process, published_only=not is_staff),
            "is_staff": is_staff,
            "summary": selectors.registry_summary(process) if is_staff else None,
        },
    )


@login_required
@district_view(VIEW)
@require_http_methods(["GET", "POST"])
def verify(request, district, slug):
    process = _process(request, district, slug)
    verification = selectors.verification_get(user=request.user, process=process)
    form = VerifyForm(post_data(request), district=district)
    if verification is None:
        done = form_action(
            request,
            form,
            lambda data: services.verification_claim(
                actor=request.user,
                process=process,
                name=data["name"],
                birth_date=data["birth_date"],
                dong=data["dong"],
            ),
            success=_("주민 확인을 마쳤습니다."),
            redirect_to=_home(district, process),
        )
        if done:
            return done
    return render(
        request,
        "residents/verify.html",
        {"district": district, "process": process, "form": form, "verification": verification},
    )


@login_required
@district_view(VIEW)
@require_http_methods(["GET", "POST"])
def apply(request, district, slug):
    process = _process(request, district, slug)
    verification = selectors.verification_get(user=request.user, process=process)
    applicant = selectors.applicant_get(user=request.user, process=process)
    form = ApplyForm(post_data(request))
    if applicant is None and verification is not None:
        done = form_action(
            request,
            form,
            lambda data: services.applicant_apply(
                actor=request.user, process=process, sex=data["sex"], vulnerable=data["vulnerable"]
            ),
            success=lambda a: _("위원에 신청했습니다. 공개 번호는 %(n)d번입니다.") % {"n": a.public_number},
            redirect_to=reverse("residents:apply", kwargs={"district": district.slug, "slug": process.slug}),
        )
        if done:
            return done
    return render(
        request,
        "residents/apply.html",
        {
            "district": district,
            "process": process,
            "form": form,
            "verification": verification,
            "applicant": applicant,
            "is_open": selectors.applications_open(process),
            "draws": selectors.draws_of_applicant(applicant),
        },
    )


@login_required
@district_view(VIEW)
@require_POST
def apply_withdraw(request, district, slug):
    process = _process(request, district, slug)
    applicant = selectors.applicant_get(user=request.user, process=process)
    back = reverse("residents:apply", kwargs={"district": district.slug, "slug": process.slug})
    if applicant is None:
        messages.error(request, _("취소할 신청이 없습니다."))
        return redirect(back)
    return post_action(
        request,
        lambda: services.applicant_withdraw(actor=request.user, applicant=applicant),
        success=_("위원 신청을 취소했습니다."),
        redirect_to=back,
    )


# --- operators: registry and verifications --------------------------------------------------------------


@district_view(VIEW)
@require_http_methods(["GET", "POST"])
def registry(request, district, slug):
    process = _process(request, district, slug)
    _staff(request, process)
    form = RegistryUploadForm(*post_data(request, files=True))
    report = row_errors = None
    total_errors = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size is not None and upload.size > services.MAX_REGISTRY_BYTES:
                raise DomainError(_("파일이 너무 큽니다 (최대 10MB)."), code="too_large")
            report = services.registry_import(
                actor=request.user, process=process, filename=upload.name, raw=upload.read()
            )
        except services.RegistryImportError as error:
            form.add_error(None, error.message)
            row_errors, total_errors = error.rows, error.total_errors
        except DomainError as error:
            form.add_error("file", error.message)
    return render(
        request,
        "residents/registry.html",
        {
            "district": district,
            "process": process,
            "form": form,
            "report": report,
            "row_errors": row_errors,
            "total_errors": total_errors,
            "summary": selectors.registry_summary(process),
            "turnout": selectors.turnout_by_dong(process),
            "imports": selectors.registry_imports(process),
        },
        status=400 if row_errors or (request.method == "POST" and report is None) else 200,
    )


@district_view(VIEW)
@require_POST
def registry_clear(request, district, slug):
    process = _process(request, district, slug)
    _staff(request, process)
    return post_action(
        request,
        lambda: services.registry_clear(actor=request.user, process=process),
        success=lambda n: _("주민 명부 %(n)d명을 지웠습니다.") % {"n": n},
        redirect_to=reverse("residents:registry", kwargs={"district": district.slug, "slug": process.slug}),
    )


@district_view(VIEW)
def verifications(request, district, slug):
    process = _process(request, district, slug)
    _staff(request, process, "residents.verify_in_person")
    page = Paginator(selectors.verification_list(process), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "residents/verifications.html",
        {"district": district, "process": process, "page": page, "revoke_form": RevokeForm()},
    )


@district_view(VIEW)
@require_http_methods(["GET", "POST"])
def verify_in_person(request, district, slug):
    process = _process(request, district, slug)
    _staff(request, process, "residents.verify_in_person")
    form = InPersonForm(post_data(request), district=district)
    done = form_action(
        request,
        form,
        lambda data: services.verification_in_person(
            actor=request.user,
            process=process,
            user=data["user"],
            name=data["name"],
            birth_date=data["birth_date"],
            dong=data["dong"],
            note=data["note"],
        ),
        success=lambda v: _("%(name)s 님을 주민으로 확인했습니다.") % {"name": v.user},
        redirect_to=reverse(
            "residents:verifications", kwargs={"district": district.slug, "slug": process.slug}
        ),
    )
    return done or render(
        request, "residents/verify_in_person.html", {"district": district, "process": process, "form": form}
    )


@district_view(VIEW)
@require_POST
def verification_revoke(request, district, pk):
    verification = get_in_district(
        ResidentVerification.objects.select_related("process", "user"), district, pk=pk
    )
    process = verification.process
    _staff(request, process, "residents.verify_in_person")
    back = reverse("residents:verifications", kwargs={"district": district.slug, "slug": process.slug})
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("취소하는 까닭을 적어 주세요."))
        return redirect(back)
    return post_action(
        request,
        lambda: services.verification_revoke(
            actor=request.user, verification=verification, reason=form.cleaned_data["reason"]
        ),
        success=_("주민 확인을 취소했습니다."),
        redirect_to=back,
    )


@district_view(VIEW)
def applicants(request, district, slug):
    process = _process(request, district, slug)
    _staff(request, process, "residents.manage_draw")
    page = Paginator(selectors.applicant_list(process), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "residents/applicants.html",
        {"district": district, "process": process, "page": page, "total": page.paginator.count},
    )


# --- draws ----------------------------------------------------------------------------------------------


@district_view(VIEW)
@require_http_methods(["GET", "POST"])
def draw_create(request, district, slug):
    process = _process(request, district, slug)
    _staff(request, process, "residents.manage_draw")
    initial = {"seed": services.new_seed(), "sex_balance": True, "age_bands_equal": True}
    form = DrawForm(post_data(request), initial=initial)
    done = form_action(
        request,
        form,
        lambda data: services.draw_create(actor=request.user, process=process, **form.params()),
        success=_("추첨을 준비했습니다. 시드를 공개한 뒤 실행하세요."),
        redirect_to=lambda draw: draw.get_absolute_url(),
    )
    return done or render(
        request,
        "residents/draw_form.html",
        {"district": district, "process": process, "form": form, "pool": selectors.applicant_count(process)},
    )


@district_view(VIEW)
@require_http_methods(["GET", "POST"])
def draw_edit(request, district, pk):
    draw = _draw(request, district, pk)
    _staff(request, draw.process, "residents.manage_draw")
    form = DrawForm(post_data(request), initial=draw_initial(draw))
    done = form_action(
        request,
        form,
        lambda data: services.draw_update(actor=request.user, draw=draw, data=form.params()),
        success=_("추첨 조건을 저장했습니다."),
        redirect_to=lambda updated: updated.get_absolute_url(),
    )
    return done or render(
        request,
        "residents/draw_form.html",
        {
            "district": district,
            "process": draw.process,
            "form": form,
            "draw": draw,
            "pool": selectors.applicant_count(draw.process),
        },
    )


def _draw_post(request, district, pk, action, success):
    draw = _draw(request, district, pk)
    _staff(request, draw.process, "residents.manage_draw")
    return post_action(
        request,
        lambda: action(actor=request.user, draw=draw),
        success=success,
        redirect_to=draw.get_absolute_url(),
    )


@district_view(VIEW)
@require_POST
def draw_run(request, district, pk):
    return _draw_post(
        request, district, pk, services.draw_run, _("추첨을 실행했습니다. 결과를 확인한 뒤 공개하세요.")
    )


@district_view(VIEW)
@require_POST
def draw_publish(request, district, pk):
    return _draw_post(request, district, pk, services.draw_publish, _("추첨 결과를 공개했습니다."))


@district_view(VIEW)
@require_POST
def draw_delete(request, district, pk):
    draw = _draw(request, district, pk)
    _staff(request, draw.process, "residents.manage_draw")
    return post_action(
        request,
        lambda: services.draw_delete(actor=request.user, draw=draw),
        success=_("준비 중인 추첨을 삭제했습니다."),
        redirect_to=_home(district, draw.process),
        error_redirect_to=draw.get_absolute_url(),
    )


@district_view(VIEW)
def draw_detail(request, district, pk):
    draw = _draw(request, district, pk)
    is_staff = request.user.has_perm("residents.manage_draw", draw.process)
    done = draw.status != Draw.Status.DRAFT
    return render(
        request,
        "residents/draw_detail.html",
        {
            "district": district,
            "process": draw.process,
            "draw": draw,
            "is_staff": is_staff,
            "summary": selectors.draw_summary(draw) if done else None,
            "fingerprint": selectors.draw_public_data(draw)["fingerprint"] if done else "",
            "pool_count": len(draw.pool) if done else selectors.applicant_count(draw.process),
        },
    )


@district_view(VIEW)
def draw_verify(request, district, pk):
    """다시 실행해 확인: re-run the draw from its frozen pool, with its own or entered parameters."""
    draw = _draw(request, district, pk)
    if draw.status == Draw.Status.DRAFT:
        raise NotFound(_("아직 실행하지 않은 추첨입니다."))
    form = DrawParamsForm(request.GET or None, initial=draw_initial(draw))
    recheck = None
    limited = ""
    if form.is_bound:
        if form.is_valid():
            # a re-run with the visitor's own parameters costs a draw: limited per client address
            try:
                rate_limit(f"residents-recheck:ip:{client_ip(request)}", *selectors.RECHECK_LIMIT)
            except DomainError as error:
                limited = error.message
            else:
                params = form.params()
                recheck = selectors.draw_recheck(
                    draw, seed=params["seed"], n=params["n"], quotas=params["quotas"]
                )
    else:
        recheck = selectors.draw_recheck_cached(draw)
    return render(
        request,
        "residents/draw_verify.html",
        {
            "district": district,
            "process": draw.process,
            "draw": draw,
            "form": form,
            "recheck": recheck,
            "limited": limited,
        },
        status=_recheck_status(form, recheck, limited),
    )


def _recheck_status(form, recheck, limited) -> int:
    if limited:
        return 429
    if (form.is_bound and not form.is_valid()) or (recheck is not None and recheck.error):
        return 400
    return 200


@district_view(VIEW)
def draw_download(request, district, pk):
    """The draw as JSON: seed, parameters, pool (public numbers and attributes), result, fingerprint."""
    draw = _draw(request, district, pk)
    if draw.status == Draw.Status.DRAFT:
        raise NotFound(_("아직 실행하지 않은 추첨입니다."))
    response = JsonResponse(selectors.draw_public_data(draw), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}.json"'
    return response
