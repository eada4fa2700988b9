"""The arenas' district-scoped URLs with an object id, for the tenancy walk (core/tests/test_tenancy.py)."""

from madang.core.testing import tenancy_exempt, tenancy_list, tenancy_url

from .factories import AgendaItemFactory, ArenaFactory, FollowUpFactory, SeatFactory, SessionFactory


@tenancy_url(
    "arenas:arena_detail",
    "arenas:arena_edit",
    "arenas:seat_create",
    "arenas:session_create",
    "api:arena-detail",
    "api:arena-sessions",
)
def arena(district):
    return {"pk": ArenaFactory(district=district).pk}


@tenancy_url("arenas:seat_end")
def seat(district):
    return {"pk": SeatFactory(arena=ArenaFactory(district=district)).pk}


@tenancy_url(
    "arenas:session_detail",
    "arenas:session_edit",
    "arenas:session_status",
    "arenas:attendance_edit",
    "arenas:agenda_create",
    "arenas:minutes_edit",
    "arenas:minutes_publish",
)
def session(district):
    return {"pk": SessionFactory(arena=ArenaFactory(district=district)).pk}


@tenancy_url("arenas:decision_edit", "arenas:followup_create")
def agenda_item(district):
    return {"pk": AgendaItemFactory(session=SessionFactory(arena=ArenaFactory(district=district))).pk}


@tenancy_url("arenas:followup_done")
def followup(district):
    return {"pk": FollowUpFactory(arena=ArenaFactory(district=district)).pk}


@tenancy_list("arenas:arena_list", "api:arena-list")
def arena_listed(district):
    arena = ArenaFactory(district=district, name=f"목록협치회의{district.slug}")
    return arena.name, {}


@tenancy_list("arenas:followup_tracker")
def followup_listed(district):
    followup = FollowUpFactory(arena=ArenaFactory(district=district), title=f"추적후속조치{district.slug}")
    return followup.title, {}


tenancy_exempt("arenas:arena_create", "a form (its only choices, the 행정동, are checked by the service)")
