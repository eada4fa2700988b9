"""How arenas plug into the kernel's registries; imported by `ArenasConfig.ready()`."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core import registry

from .models import Arena, Attendance, Decision, FollowUp, Seat, Session

# --- metrics ---------------------------------------------------------------------------------------


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _end_of(day: datetime.date) -> datetime.datetime:
    return _start_of(day + datetime.timedelta(days=1))


def sessions_held(district, start, end) -> int:
    """Sessions held (status 개최) whose date falls in [start, end]."""
    return Session.objects.filter(
        arena__district=district,
        status=Session.Status.HELD,
        starts_at__gte=_start_of(start),
        starts_at__lt=_end_of(end),
    ).count()


def decisions(district, start, end) -> int:
    """Decisions recorded on agenda items of sessions held in [start, end]."""
    return Decision.objects.filter(
        item__session__arena__district=district,
        item__session__starts_at__gte=_start_of(start),
        item__session__starts_at__lt=_end_of(end),
    ).count()


def _done(district, start, end):
    return FollowUp.objects.filter(
        district=district,
        status=FollowUp.Status.DONE,
        done_at__gte=_start_of(start),
        done_at__lt=_end_of(end),
    )


def followups_done(district, start, end) -> int:
    return _done(district, start, end).count()


def followups_on_time(district, start, end) -> int:
    """Follow-ups done in [start, end] no later than their due date (Asia/Seoul days)."""
    # done_at < the start of the day after due_on, in the site's time zone
    return sum(
        1
        for done_at, due_on in _done(district, start, end).values_list("done_at", "due_on")
        if timezone.localdate(done_at) <= due_on
    )


# --- personal data ---------------------------------------------------------------------------------


def export(user) -> dict:
    seats = list(
        Seat.objects.filter(user=user).select_related("arena", "arena__district").order_by("term_start")
    )
    attended = (
        Attendance.objects.filter(seat__user=user)
        .select_related("session", "session__arena")
        .order_by("session__starts_at")
    )
    return {
        "seats": [
            {
                "district": s.arena.district.name,
                "arena": s.arena.name,
                "name": s.name,
                "seat_kind": s.get_seat_kind_display(),
                "role": s.get_role_display(),
                "affiliation": s.affiliation,
                "term_start": s.term_start.isoformat(),
                "term_end": s.term_end.isoformat() if s.term_end else None,
            }
            for s in seats
        ],
        "attendance": [
            {
                "arena": a.session.arena.name,
                "session": a.session.number,
                "date": timezone.localtime(a.session.starts_at).date().isoformat(),
            }
            for a in attended
        ],
    }


def erase(user) -> None:
    from .services import seats_erase_for_user

    seats_erase_for_user(user=user)


def refresh(user) -> None:
    """A renamed account: the seats that show its name follow (official records keep the person)."""
    Seat.objects.filter(user=user).exclude(name=user.display_name).update(name=user.display_name[:50])


# --- the 공론장 overview ------------------------------------------------------------------------------


def summary(district, user) -> registry.Summary:
    """The arenas' block on the district's 공론장 overview (forums owns the page): active arenas, and
    the next sessions with their date."""
    from django.urls import reverse
    from django.utils.formats import date_format

    now = timezone.now()
    upcoming = (
        Session.objects.filter(arena__district=district, starts_at__gte=now, status=Session.Status.SCHEDULED)
        .select_related("arena", "arena__district")
        .order_by("starts_at")[:3]
    )
    return registry.Summary(
        title=_("아레나 (협치회의)"),
        url=reverse("arenas:arena_list", kwargs={"district": district.slug}),
        count=Arena.objects.in_district(district).filter(is_active=True).count(),
        items=[
            registry.SummaryItem(
                title=str(session),
                url=session.get_absolute_url(),
                meta=date_format(timezone.localtime(session.starts_at), "DATE_FORMAT"),
            )
            for session in upcoming
        ],
    )


# --- demo data -------------------------------------------------------------------------------------


def load_demo(*, districts) -> list[str]:
    from .demo import arenas_demo_load

    lines = []
    for district in districts:
        c = arenas_demo_load(district=district)
        if c is None:
            continue
        lines.append(
            f"{district.name} 아레나 데모: 아레나 {c['arenas']}개, 위원 {c['seats']}명, "
            f"회의 {c['sessions']}회, 결정 {c['decisions']}건, 후속 조치 {c['followups']}건"
        )
    return lines


def register() -> None:
    from madang.core.follows import register_followable

    registry.register_personal_data("arena_seats", export=export, erase=erase, refresh=refresh, order=150)
    for name, label, unit, compute in [
        ("arenas.sessions_held", _("아레나 회의 개최 수"), "회", sessions_held),
        ("arenas.decisions", _("아레나 결정 수"), "건", decisions),
        ("arenas.followups_done", _("완료된 후속 조치 수"), "건", followups_done),
        ("arenas.followups_on_time", _("기한 내 완료된 후속 조치 수"), "건", followups_on_time),
    ]:
        registry.register_metric(name, label=label, unit=unit, compute=compute)
    registry.register_demo_loader("arenas", load_demo, order=300)
    registry.register_summary("arenas", summary, label=_("아레나"), order=30)
    register_followable(Arena, label=_("아레나"))
