"""The arenas' pages. Thin: parse input, call a service or selector, render."""

from .arenas import arena_create, arena_detail, arena_edit, arena_list, seat_create, seat_end
from .followups import followup_done, followup_tracker
from .sessions import (
    agenda_create,
    attendance_edit,
    decision_edit,
    followup_create,
    minutes_edit,
    minutes_publish,
    session_create,
    session_detail,
    session_edit,
    session_status,
)

__all__ = [
    "agenda_create",
    "arena_create",
    "arena_detail",
    "arena_edit",
    "arena_list",
    "attendance_edit",
    "decision_edit",
    "followup_create",
    "followup_done",
    "followup_tracker",
    "minutes_edit",
    "minutes_publish",
    "seat_create",
    "seat_end",
    "session_create",
    "session_detail",
    "session_edit",
    "session_status",
]
