"""The district's follow-up tracker and closing a commitment."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from madang.core.cache import cached_page
from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_data
from madang.districts.selectors import departments_of

from .. import selectors, services
from ..forms import FollowUpDoneForm
from ..models import FollowUp

SHOW = {"open": _("진행중"), "overdue": _("지연"), "done": _("완료"), "all": _("전체")}


@cached_page
@district_view("arenas.view_arena")
def followup_tracker(request, district):
    show = request.GET.get("show", "open")
    show = show if show in SHOW else "open"
    page = Paginator(selectors.followup_tracker(district=district, show=show), selectors.PAGE_SIZE).get_page(
        request.GET.get("page", 1)
    )
    # one permission read for the page, not one per row: staff, or the viewer's own departments
    staff = request.user.has_perm("arenas.manage_arenas", district)
    mine = set() if staff else {d.pk for d in departments_of(request.user, district)}
    for followup in page:
        followup.can_complete = staff or followup.department_id in mine
    return render(
        request,
        "arenas/followup_tracker.html",
        {
            "district": district,
            "page": page,
            "show": show,
            "shows": SHOW,
            "summary": selectors.followup_summary(district=district),
            "today": timezone.localdate(),
        },
    )


@district_view("arenas.view_arena")
@require_http_methods(["GET", "POST"])
def followup_done(request, district, pk):
    followup = get_in_district(
        FollowUp.objects.select_related("department", "arena", "arena__district"), district, pk=pk
    )
    if not request.user.has_perm("arenas.complete_followup", followup):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    form = FollowUpDoneForm(post_data(request))
    done = form_action(
        request,
        form,
        lambda data: services.followup_complete(actor=request.user, followup=followup, note=data["note"]),
        success=_("후속 조치를 완료 처리했습니다."),
        redirect_to=lambda f: f"{_tracker_url(district)}",
    )
    return done or render(
        request,
        "arenas/form.html",
        {
            "district": district,
            "form": form,
            "arena": followup.arena,
            "title": _("후속 조치 완료: %(title)s") % {"title": followup.title},
            "hint": _("담당 부서: %(dept)s · 기한 %(due)s")
            % {
                "dept": followup.department.name,
                "due": date_format(followup.due_on, "DATE_FORMAT"),
            },
        },
    )


def _tracker_url(district) -> str:
    from django.urls import reverse

    return reverse("arenas:followup_tracker", kwargs={"district": district.slug})
