"""The proposals' pages. Thin: parse input, call a service or selector, render."""

from .answers import answer, assign, inbox, overdue
from .manage import manage, merge, review, stage, tier_delete, tiers
from .public import create, detail, edit, index, message, support

__all__ = [
    "answer",
    "assign",
    "create",
    "detail",
    "edit",
    "inbox",
    "index",
    "manage",
    "merge",
    "message",
    "overdue",
    "review",
    "stage",
    "support",
    "tier_delete",
    "tiers",
]
