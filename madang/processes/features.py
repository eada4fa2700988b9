"""The registry of actions a phase can open (propose, support, vote, …).

A phase lists the action names it opens in `Phase.features`. The kernel knows the common ones; a
capability app adds its own from its `AppConfig.ready()` with `register_feature("budget_vote", _("…"))`,
so `processes` never imports the capability.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

_FEATURES: dict[str, object] = {}


def register_feature(name: str, label) -> None:
    """Make `name` (a short ASCII identifier) a known action with a (lazy) Korean label.

    Registering the same name again replaces the label (apps may reload in tests)."""
    if not name or not name.replace("_", "").isalnum() or not name.isascii() or len(name) > 30:
        raise ValueError(f"feature names are short ASCII identifiers: {name!r}")
    _FEATURES[name] = label


def is_feature(name: str) -> bool:
    return name in _FEATURES


def feature_label(name: str) -> str:
    """The label of a known action, or the name itself."""
    return str(_FEATURES.get(name, name))


def feature_choices() -> list[tuple[str, str]]:
    """(name, label) for every known action, in registration order (for forms and the API)."""
    return [(name, str(label)) for name, label in _FEATURES.items()]


for _name, _label in (
    ("propose", _("제안")),
    ("support", _("공감")),
    ("comment", _("댓글")),
    ("vote", _("투표")),
    ("review", _("검토")),
    ("screen", _("심사")),
    ("answer", _("답변")),
    ("register", _("참여 신청")),
):
    register_feature(_name, _label)
