import functools

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from madang.accounts import selectors as account_selectors
from madang.accounts import services as account_services
from madang.accounts.forms import RoleGrantForm, grantable_roles
from madang.accounts.models import RoleAssignment
from madang.core.cache import cached_page
from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_action, post_data

from . import selectors, services
from .forms import VisionForm
from .models import Program


def city(request):
    city = selectors.city_get_default()
    # The tables are rendered inside a fragment cache keyed by the data version: the callables
    # below run (and query) only when the fragment is rebuilt.
    return render(
        request,
        "districts/city.html",
        {
            "city": city,
            "version": selectors.program_tables_version(),
            "tables": functools.partial(selectors.program_tables, city=city),
            "districts": functools.partial(lambda: list(selectors.district_list(city=city))),
        },
    )


@cached_page
@district_view("districts.view_district")
def detail(request, district):
    overview = selectors.district_overview(district=district)
    can_edit_vision = request.user.has_perm("districts.change_vision", district)
    return render(
        request,
        "districts/district_detail.html",
        {"district": district, "can_edit_vision": can_edit_vision, **overview},
    )


@district_view("districts.change_vision")
@require_http_methods(["GET", "POST"])
def vision_edit(request, district, program):
    program = get_object_or_404(Program, slug=program)
    current = program.visions.in_district(district).first()
    form = VisionForm(post_data(request), initial={"text": current.text if current else ""})
    done = form_action(
        request,
        form,
        lambda data: services.vision_set(
            actor=request.user, district=district, program=program, text=data["text"]
        ),
        success=_("자치구 비전을 저장했습니다."),
        redirect_to=district.get_absolute_url(),
        error_field=lambda error: "text",
    )
    return done or render(
        request, "districts/vision_form.html", {"district": district, "program": program, "form": form}
    )


@district_view("accounts.manage_roles")
@require_http_methods(["GET", "POST"])
def roles(request, district):
    form = RoleGrantForm(post_data(request), actor=request.user, district=district)
    done = form_action(
        request,
        form,
        lambda data: account_services.role_grant(
            actor=request.user,
            user=form.user,
            district=district,
            role=data["role"],
            department=data.get("department", ""),
        ),
        success=lambda _assignment: (
            _("%(name)s 님에게 역할을 부여했습니다.") % {"name": form.user.display_name}
        ),
        redirect_to=reverse("districts:roles", kwargs={"district": district.slug}),
    )
    if done:
        return done
    page = Paginator(account_selectors.role_list(district=district), 50).get_page(request.GET.get("page"))
    grantable = set(grantable_roles(actor=request.user, district=district))
    for assignment in page:
        assignment.can_revoke = assignment.role in grantable
    departments = list(selectors.department_list(district)[: DEPARTMENTS_SHOWN + 1])
    context = {
        "district": district,
        "form": form,
        "page": page,
        "departments": departments[:DEPARTMENTS_SHOWN],
        "departments_more": len(departments) > DEPARTMENTS_SHOWN,
        "departments_limit": DEPARTMENTS_SHOWN,
    }
    return render(request, "districts/roles.html", context)


DEPARTMENTS_SHOWN = 200


@district_view("accounts.manage_roles")
@require_http_methods(["GET", "POST"])
def role_revoke(request, district, pk):
    """GET: ask to confirm (no script needed); POST: revoke."""
    assignment = get_in_district(RoleAssignment.objects.select_related("user"), district, pk=pk)
    if request.method == "GET":
        can_revoke = assignment.role in grantable_roles(actor=request.user, district=district)
        return render(
            request,
            "districts/role_revoke_confirm.html",
            {"district": district, "assignment": assignment, "can_revoke": can_revoke},
            status=200 if can_revoke else 403,
        )
    return post_action(
        request,
        lambda: account_services.role_revoke(actor=request.user, assignment=assignment),
        success=_("역할을 회수했습니다."),
        redirect_to=reverse("districts:roles", kwargs={"district": district.slug}),
    )


@district_view("districts.view_audit_log")
def audit_log(request, district):
    page = Paginator(selectors.audit_entry_list(district=district), 50).get_page(request.GET.get("page"))
    entries = selectors.audit_entries_readable(page.object_list)
    return render(
        request, "districts/audit_log.html", {"district": district, "page": page, "entries": entries}
    )


# --- follows, reports and the moderation queue (core.follows, core.moderation) ------------------------


def _target(district, ct_id, pk, *, registry_lookup):
    """The object `pk` of content type `ct_id` in `district`, if its model is registered; else 404."""
    from django.contrib.contenttypes.models import ContentType
    from django.http import Http404

    try:
        model = ContentType.objects.get_for_id(ct_id).model_class()
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    if model is None or registry_lookup(model) is None:
        raise Http404
    return get_in_district(model._base_manager.all(), district, pk=pk)


def _safe_next(request, fallback: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _login_redirect(request, next_url: str):
    from django.contrib.auth.views import redirect_to_login
    from django.http import HttpResponse

    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{reverse('accounts:login')}?next={next_url}"
        return response
    return redirect_to_login(next_url)


def _fallback_url(obj, district) -> str:
    try:
        return obj.get_absolute_url()
    except Exception:
        return district.get_absolute_url()


@district_view()
@require_http_methods(["POST"])
def follow(request, district, ct_id, pk):
    """Toggle following an object (htmx: answers the button; otherwise redirects back)."""
    from django.contrib import messages
    from django.http import HttpResponse
    from django.shortcuts import redirect
    from django.template.loader import render_to_string

    from madang.core import follows
    from madang.core.exceptions import DomainError

    obj = _target(district, ct_id, pk, registry_lookup=follows.followable)
    back = _safe_next(request, _fallback_url(obj, district))
    if not request.user.is_authenticated:
        return _login_redirect(request, back)
    try:
        if follows.is_following(request.user, obj):
            follows.unfollow(actor=request.user, obj=obj)
            done = _("팔로우를 취소했습니다.")
        else:
            follows.follow(actor=request.user, obj=obj, district=district)
            done = _("팔로우했습니다. 새 소식을 알려 드립니다.")
    except DomainError as error:
        if request.htmx:
            return HttpResponse(error.message, status=400)
        messages.error(request, error.message)
        return redirect(back)
    if request.htmx:
        from django.middleware.csrf import get_token

        from madang.core.templatetags.madang import follow_button

        request.district = district
        context = follow_button({"request": request, "csrf_token": get_token(request)}, obj)
        context["next"] = back
        return HttpResponse(render_to_string("includes/follow_button.html", context, request=request))
    messages.success(request, done)
    return redirect(back)


@district_view()
@require_http_methods(["GET", "POST"])
def report(request, district, ct_id, pk):
    """The small report form: reason and the reporter's own words (signed-in people, rate limited)."""
    from madang.core import moderation
    from madang.core.ratelimit import rate_limit

    from .forms import ReportForm

    obj = _target(district, ct_id, pk, registry_lookup=moderation.reportable)
    back = _safe_next(request, _fallback_url(obj, district))
    if not request.user.is_authenticated:
        return _login_redirect(request, request.get_full_path())
    form = ReportForm(post_data(request))

    def submit(data):
        rate_limit(f"report:user:{request.user.pk}", 30, 3600)
        return moderation.report_content(
            actor=request.user, obj=obj, reason=data["reason"], text=data["text"]
        )

    done = form_action(
        request,
        form,
        submit,
        success=_("신고를 접수했습니다. 운영진이 살펴봅니다."),
        redirect_to=back,
    )
    entry = moderation.reportable(obj)
    return done or render(
        request,
        "districts/report_form.html",
        {
            "district": district,
            "form": form,
            "obj": obj,
            "title": entry.title(obj),
            "label": entry.label,
            "next": back,
        },
    )


@district_view("core.moderate")
def moderation_queue(request, district):
    """Reported and hidden content of the district, most recently reported first (20 a page)."""
    from madang.core import moderation

    from .forms import SUSPEND_DAYS

    state = "hidden" if request.GET.get("state") == "hidden" else ""
    page = Paginator(moderation.moderation_queue(district, state=state), 20).get_page(request.GET.get("page"))
    items = moderation.moderation_queue_items(district, page.object_list)
    return render(
        request,
        "districts/moderation_queue.html",
        {"district": district, "page": page, "items": items, "state": state, "suspend_days": SUSPEND_DAYS},
    )


@district_view("core.moderate")
@require_http_methods(["POST"])
def moderation_decide(request, district, ct_id, pk):
    """Restore, confirm the hiding, or suspend the author of one reported object."""
    import datetime

    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils import timezone

    from madang.core import moderation
    from madang.core.exceptions import DomainError

    from .forms import ModerationDecisionForm

    obj = _target(district, ct_id, pk, registry_lookup=moderation.reportable)
    back = reverse("districts:moderation", kwargs={"district": district.slug})
    form = ModerationDecisionForm(request.POST)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors) or _("무엇을 할지 고르세요."))
        return redirect(back)
    data = form.cleaned_data
    try:
        if data["action"] == "restore":
            moderation.moderation_restore(actor=request.user, obj=obj, district=district)
            done = _("글을 다시 보이게 했습니다.")
        elif data["action"] == "confirm":
            moderation.moderation_confirm(actor=request.user, obj=obj, district=district)
            done = _("숨김을 확정했습니다.")
        else:
            entry = moderation.reportable(obj)
            author = entry.author(obj) if entry.author else None
            if author is None:
                raise DomainError(_("작성자를 알 수 없는 글입니다."), code="invalid")
            until = timezone.now() + datetime.timedelta(days=int(data["days"])) if data.get("days") else None
            account_services.user_suspend(
                actor=request.user, user=author, district=district, reason=data["reason"], until=until
            )
            done = _("%(name)s 님의 활동을 정지했습니다.") % {"name": author.display_name}
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, done)
    return redirect(back)
