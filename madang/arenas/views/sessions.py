"""Sessions: the session page, its forms (session, status, attendance, agenda, decision, minutes)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.cache import cached_page
from madang.core.tenancy import district_view
from madang.core.views import form_action, post_action, post_data

from .. import selectors, services
from ..forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    FollowUpForm,
    MinutesForm,
    SessionForm,
    SessionStatusForm,
)
from ..models import Session
from ._common import arena_or_404, item_or_404, session_or_404


@cached_page
@district_view("arenas.view_arena")
def session_detail(request, district, pk):
    session = session_or_404(district, pk)
    page = selectors.session_page(session=session)
    return render(
        request,
        "arenas/session_detail.html",
        {
            "district": district,
            "session": session,
            "arena": session.arena,
            "page": page,
            "can_manage": request.user.has_perm("arenas.manage_arenas", district),
            "show_draft": not session.minutes_published
            and request.user.has_perm("arenas.view_draft_minutes", session),
        },
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def session_create(request, district, pk):
    arena = arena_or_404(district, pk)
    form = SessionForm(post_data(request))
    done = form_action(
        request,
        form,
        lambda data: services.session_create(actor=request.user, arena=arena, data=data),
        success=_("회의를 등록했습니다."),
        redirect_to=lambda s: s.get_absolute_url(),
    )
    return done or render(
        request,
        "arenas/form.html",
        {"district": district, "form": form, "arena": arena, "title": _("회의 등록")},
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def session_edit(request, district, pk):
    session = session_or_404(district, pk)
    initial = {f: getattr(session, f) for f in services.SESSION_FIELDS}
    initial["starts_at"] = timezone.localtime(session.starts_at)
    form = SessionForm(post_data(request), initial=initial)
    done = form_action(
        request,
        form,
        lambda data: services.session_update(actor=request.user, session=session, data=data),
        success=_("회의 정보를 고쳤습니다."),
        redirect_to=session.get_absolute_url(),
    )
    return done or render(
        request,
        "arenas/form.html",
        {
            "district": district,
            "form": form,
            "arena": session.arena,
            "session": session,
            "title": _("회의 정보 고치기"),
        },
    )


@district_view("arenas.manage_arenas")
@require_POST
def session_status(request, district, pk):
    session = session_or_404(district, pk)
    form = SessionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("회의 상태를 고르세요."))
        return redirect(session.get_absolute_url())
    status = form.cleaned_data["status"]
    return post_action(
        request,
        lambda: services.session_set_status(actor=request.user, session=session, status=status),
        success=_("회의 상태를 '%(status)s'(으)로 바꿨습니다.") % {"status": Session.Status(status).label},
        redirect_to=session.get_absolute_url(),
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def attendance_edit(request, district, pk):
    session = session_or_404(district, pk)
    form = AttendanceForm(
        post_data(request),
        session=session,
        initial={"seats": list(session.attendees.values_list("pk", flat=True))},
    )
    done = form_action(
        request,
        form,
        lambda data: services.attendance_set(actor=request.user, session=session, seats=data["seats"]),
        success=_("출석을 기록했습니다."),
        redirect_to=session.get_absolute_url(),
    )
    return done or render(
        request,
        "arenas/form.html",
        {
            "district": district,
            "form": form,
            "arena": session.arena,
            "session": session,
            "title": _("출석 기록"),
        },
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def agenda_create(request, district, pk):
    session = session_or_404(district, pk)
    form = AgendaItemForm(post_data(request), district=district)
    done = form_action(
        request,
        form,
        lambda data: services.agenda_item_add(actor=request.user, session=session, **data),
        success=_("안건을 추가했습니다."),
        redirect_to=session.get_absolute_url(),
        error_field=lambda error: "link" if error.code == "link_invalid" else None,
    )
    return done or render(
        request,
        "arenas/form.html",
        {
            "district": district,
            "form": form,
            "arena": session.arena,
            "session": session,
            "title": _("안건 추가"),
        },
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def decision_edit(request, district, pk):
    item = item_or_404(district, pk)
    session = item.session
    existing = getattr(item, "decision", None)
    initial = (
        {f: getattr(existing, f) for f in ("outcome", "votes_for", "votes_against", "votes_abstain", "text")}
        if existing
        else {}
    )
    form = DecisionForm(post_data(request), initial=initial, attendance=session.attendance_count)
    done = form_action(
        request,
        form,
        lambda data: services.decision_record(actor=request.user, item=item, **data),
        success=_("결정을 기록했습니다."),
        redirect_to=session.get_absolute_url(),
    )
    return done or render(
        request,
        "arenas/form.html",
        {
            "district": district,
            "form": form,
            "arena": session.arena,
            "session": session,
            "title": _("결정 기록: %(item)s") % {"item": item.title},
            "hint": _("출석 %(n)s명") % {"n": session.attendance_count},
        },
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def minutes_edit(request, district, pk):
    session = session_or_404(district, pk)
    form = MinutesForm(post_data(request), initial={"minutes": session.minutes})
    done = form_action(
        request,
        form,
        lambda data: services.minutes_save(actor=request.user, session=session, text=data["minutes"]),
        success=_("회의록을 저장했습니다."),
        redirect_to=session.get_absolute_url(),
    )
    return done or render(
        request,
        "arenas/minutes_form.html",
        {"district": district, "form": form, "arena": session.arena, "session": session},
    )


@district_view("arenas.manage_arenas")
@require_POST
def minutes_publish(request, district, pk):
    session = session_or_404(district, pk)
    return post_action(
        request,
        lambda: services.minutes_publish(actor=request.user, session=session),
        success=_("회의록을 공개했습니다."),
        redirect_to=session.get_absolute_url(),
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def followup_create(request, district, pk):
    item = item_or_404(district, pk)
    session = item.session
    form = FollowUpForm(post_data(request), district=district)
    done = form_action(
        request,
        form,
        lambda data: services.followup_add(actor=request.user, arena=session.arena, item=item, **data),
        success=_("후속 조치를 등록했습니다."),
        redirect_to=session.get_absolute_url(),
    )
    return done or render(
        request,
        "arenas/form.html",
        {
            "district": district,
            "form": form,
            "arena": session.arena,
            "session": session,
            "title": _("후속 조치 등록: %(item)s") % {"item": item.title},
        },
    )
