"""Arena list, detail, the arena form and seats."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from madang.core.cache import cached_page
from madang.core.tenancy import district_view
from madang.core.views import form_action, post_data

from .. import selectors, services
from ..forms import ArenaForm, SeatEndForm, SeatForm
from ..models import Arena
from ._common import arena_or_404, seat_or_404


@cached_page
@district_view("arenas.view_arena")
def arena_list(request, district):
    kind = request.GET.get("kind", "")
    return render(
        request,
        "arenas/arena_list.html",
        {
            "district": district,
            "arenas": selectors.arena_list(district=district, kind=kind),
            "kinds": Arena.Kind.choices,
            "kind": kind if kind in Arena.Kind.values else "",
            "followups": selectors.followup_summary(district=district),
            "can_manage": request.user.has_perm("arenas.manage_arenas", district),
        },
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def arena_create(request, district):
    form = ArenaForm(post_data(request), district=district)
    done = form_action(
        request,
        form,
        lambda data: services.arena_create(actor=request.user, district=district, data=data),
        success=_("아레나를 만들었습니다."),
        redirect_to=lambda arena: arena.get_absolute_url(),
    )
    return done or render(
        request, "arenas/form.html", {"district": district, "form": form, "title": _("아레나 만들기")}
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def arena_edit(request, district, pk):
    arena = arena_or_404(district, pk)
    initial = {f: getattr(arena, f) for f in services.ARENA_FIELDS}
    form = ArenaForm(post_data(request), initial=initial, district=district)
    done = form_action(
        request,
        form,
        lambda data: services.arena_update(actor=request.user, arena=arena, data=data),
        success=_("아레나 정보를 고쳤습니다."),
        redirect_to=lambda a: a.get_absolute_url(),
    )
    return done or render(
        request,
        "arenas/form.html",
        {"district": district, "form": form, "arena": arena, "title": _("아레나 정보 고치기")},
    )


@cached_page
@district_view("arenas.view_arena")
def arena_detail(request, district, pk):
    arena = arena_or_404(district, pk)
    page = selectors.arena_page(arena=arena, page=request.GET.get("page", 1))
    return render(
        request,
        "arenas/arena_detail.html",
        {
            "district": district,
            "arena": arena,
            "page": page,
            "can_manage": request.user.has_perm("arenas.manage_arenas", district),
        },
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def seat_create(request, district, pk):
    arena = arena_or_404(district, pk)
    form = SeatForm(post_data(request), district=district)
    done = form_action(
        request,
        form,
        lambda data: services.seat_add(actor=request.user, arena=arena, **data),
        success=_("위원을 추가했습니다."),
        redirect_to=arena.get_absolute_url(),
    )
    return done or render(
        request,
        "arenas/form.html",
        {"district": district, "form": form, "arena": arena, "title": _("위원 추가")},
    )


@district_view("arenas.manage_arenas")
@require_http_methods(["GET", "POST"])
def seat_end(request, district, pk):
    seat = seat_or_404(district, pk)
    form = SeatEndForm(post_data(request))
    done = form_action(
        request,
        form,
        lambda data: services.seat_end(actor=request.user, seat=seat, term_end=data["term_end"]),
        success=_("임기를 끝냈습니다."),
        redirect_to=seat.arena.get_absolute_url(),
    )
    return done or render(
        request,
        "arenas/form.html",
        {
            "district": district,
            "form": form,
            "arena": seat.arena,
            "title": _("%(name)s 위원 임기 끝내기") % {"name": seat.name},
        },
    )
