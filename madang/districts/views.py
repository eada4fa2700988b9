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
