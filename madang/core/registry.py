"""Registries: how capability apps plug into the kernel without `core` or `accounts` importing them.

Each app fills these from its `AppConfig.ready()` (conventionally by importing its own `registry.py`):

- **search**: the object types it indexes, which rows a person may find, and how a hit is shown
  (`register_search_type`); the app that owns the index table registers it (`register_search_index`).
- **personal data**: `export(user) -> dict` and `erase(user) -> None` for the account's data download
  and deletion, and optionally `refresh(user)` when the account's name changes
  (`register_personal_data`).
- **metrics**: named numbers per district and date range that performance management reads
  (`register_metric`, `metric_value`, `metric_list`).
- **demo data**: loaders that `manage.py load_demo` runs in order (`register_demo_loader`).
- **handoffs**: named actions one app offers another (`register_handoff`, `handoff`, `has_handoff`):
  proposals opens a 공론장 topic through `"forums.open_topic"` without importing forums.
- **link types**: kinds of objects another app may point at by `(link_type, link_id)`
  (`register_link_type`, `link_types`, `link_resolve`, `link_choices` for pickers).
- **role hooks**: what should follow when a role is granted or revoked (`register_role_hook`): districts
  keeps 공무원 in their `Department`. Hooks run inside the grant's transaction.
- **summaries**: each app's block on a district's 공론장 overview page (`register_summary`, `summaries`).

Registering the same name twice replaces the entry (so a reloaded module does not duplicate it).
Everything here is plain Python: no models, no imports of other apps.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# --- search ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    """What the search page shows for one hit."""

    title: str
    url: str
    snippet: str = ""


def _always(user, district) -> bool:
    return True


@dataclass(frozen=True)
class SearchType:
    """One kind of object the search finds.

    `queryset(district, user)` gives the rows `user` may find in `district` (hits outside it are
    dropped before counting, so counts are exact); `result(obj)` turns a row into a `SearchResult`;
    `visible(user, district)` says whether the type is searched for that person at all.
    """

    name: str
    label: Any
    queryset: Callable[[Any, Any], Any]
    result: Callable[[Any], SearchResult]
    visible: Callable[[Any, Any], bool] = _always
    order: int = 100


@dataclass(frozen=True)
class SearchIndex:
    """The table that holds index rows (`district_id`, `object_type`, `object_id`, `tokens`) and, on
    SQLite, the name of its FTS5 mirror (rowid = the row's id)."""

    model: Any
    fts_table: str


_search_types: dict[str, SearchType] = {}
_search_index: list[SearchIndex] = []


def register_search_type(
    name: str,
    *,
    label,
    queryset: Callable[[Any, Any], Any],
    result: Callable[[Any], SearchResult],
    visible: Callable[[Any, Any], bool] | None = None,
    order: int = 100,
) -> SearchType:
    entry = SearchType(
        name=name, label=label, queryset=queryset, result=result, visible=visible or _always, order=order
    )
    _search_types[name] = entry
    return entry


def search_type(name: str) -> SearchType:
    try:
        return _search_types[name]
    except KeyError:
        raise ImproperlyConfigured(f"No search type {name!r} is registered") from None


def search_types(*, user=None, district=None) -> list[SearchType]:
    """Registered types in display order; with `user`/`district`, only those visible to them."""
    types = sorted(_search_types.values(), key=lambda t: (t.order, t.name))
    if user is None and district is None:
        return types
    return [t for t in types if t.visible(user, district)]


def register_search_index(model, *, fts_table: str) -> SearchIndex:
    index = SearchIndex(model=model, fts_table=fts_table)
    _search_index[:] = [index]
    return index


def search_index() -> SearchIndex:
    if not _search_index:
        raise ImproperlyConfigured("No search index is registered (the network app registers it)")
    return _search_index[0]


# --- personal data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalData:
    """An app's share of a person's data: `export(user)` is the app's part of the download (JSON-able),
    `erase(user)` removes what would not cascade with the account (runs inside the deletion's
    transaction, before the user row goes), `refresh(user)` updates copies of the account's name."""

    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None
    refresh: Callable[[Any], None] | None = None
    order: int = 100


_personal_data: dict[str, PersonalData] = {}


def register_personal_data(
    name: str,
    *,
    export: Callable[[Any], Any],
    erase: Callable[[Any], None] | None = None,
    refresh: Callable[[Any], None] | None = None,
    order: int = 100,
) -> PersonalData:
    entry = PersonalData(name=name, export=export, erase=erase, refresh=refresh, order=order)
    _personal_data[name] = entry
    return entry


def personal_data_providers() -> list[PersonalData]:
    return sorted(_personal_data.values(), key=lambda p: (p.order, p.name))


def personal_data_export(user) -> dict:
    """{name: export(user)} of every registered app, in registration order."""
    return {p.name: p.export(user) for p in personal_data_providers()}


def personal_data_erase(user) -> None:
    for provider in personal_data_providers():
        if provider.erase is not None:
            provider.erase(user)


def personal_data_refresh(user) -> None:
    for provider in personal_data_providers():
        if provider.refresh is not None:
            provider.refresh(user)


# --- metrics ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """`compute(district, start, end)` is the value for the district over [start, end] (dates,
    inclusive); a stock (members, organisations) is its value at the end of `end`."""

    name: str
    label: Any
    unit: str
    compute: Callable[[Any, datetime.date, datetime.date], int | float]
    description: Any = ""


_metrics: dict[str, Metric] = {}


def register_metric(
    name: str,
    *,
    label,
    unit: str = "",
    compute: Callable[[Any, datetime.date, datetime.date], int | float],
    description="",
) -> Metric:
    if "." not in name:
        raise ValueError(f"Metric names are '<app>.<name>', not {name!r}")
    entry = Metric(name=name, label=label, unit=unit, compute=compute, description=description)
    _metrics[name] = entry
    return entry


def metric_list() -> list[Metric]:
    return sorted(_metrics.values(), key=lambda m: m.name)


def metric_get(name: str) -> Metric:
    try:
        return _metrics[name]
    except KeyError:
        raise ImproperlyConfigured(f"No metric {name!r} is registered") from None


def metric_value(name: str, district, start: datetime.date, end: datetime.date) -> int | float:
    if start > end:
        raise ValueError("start must not be after end")
    return metric_get(name).compute(district, start, end)


# --- demo data -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLoader:
    """`load(districts=[District, …])` loads (or tops up) the app's demo data for those districts and
    returns the lines `load_demo` prints. It must be idempotent: a second run changes nothing."""

    name: str
    load: Callable[..., list[str]]
    order: int = 100


_demo_loaders: dict[str, DemoLoader] = {}


def register_demo_loader(name: str, load: Callable[..., list[str]], *, order: int = 100) -> DemoLoader:
    entry = DemoLoader(name=name, load=load, order=order)
    _demo_loaders[name] = entry
    return entry


def demo_loaders() -> list[DemoLoader]:
    return sorted(_demo_loaders.values(), key=lambda d: (d.order, d.name))


# --- handoffs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Handoff:
    """An action an app offers others by name. Names in use: `"forums.open_topic"`
    (`fn(*, actor, district, title, body, source_url) -> topic`) and `"budgeting.project_from_proposal"`
    (`fn(*, actor, district, title, body, dong, source_url) -> project`); the result has
    `get_absolute_url()`."""

    name: str
    fn: Callable[..., Any]
    label: Any = ""


_handoffs: dict[str, Handoff] = {}


def register_handoff(name: str, fn: Callable[..., Any], *, label="") -> Handoff:
    if "." not in name:
        raise ValueError(f"Handoff names are '<app>.<action>', not {name!r}")
    entry = Handoff(name=name, fn=fn, label=label)
    _handoffs[name] = entry
    return entry


def has_handoff(name: str) -> bool:
    return name in _handoffs


def handoff(name: str, **kwargs) -> Any:
    """`fn(**kwargs)` of the app that registered `name`, or None when no app did (the caller then
    hides the action)."""
    entry = _handoffs.get(name)
    return None if entry is None else entry.fn(**kwargs)


def handoff_get(name: str) -> Handoff | None:
    return _handoffs.get(name)


# --- link types ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkType:
    """A kind of object others may link to by `(name, pk)`: `queryset(district)` gives the rows that
    may be linked in a district (already visible ones only), `title(obj)` and `url(obj)` show one."""

    name: str
    label: Any
    model: Any
    queryset: Callable[[Any], Any]
    title: Callable[[Any], str]
    url: Callable[[Any], str]


_link_types: dict[str, LinkType] = {}


def register_link_type(
    name: str,
    *,
    label,
    model,
    queryset: Callable[[Any], Any],
    title: Callable[[Any], str],
    url: Callable[[Any], str],
) -> LinkType:
    if "." not in name:
        raise ValueError(f"Link type names are '<app>.<model>', not {name!r}")
    entry = LinkType(name=name, label=label, model=model, queryset=queryset, title=title, url=url)
    _link_types[name] = entry
    return entry


def link_types() -> list[LinkType]:
    return sorted(_link_types.values(), key=lambda t: t.name)


def link_type(name: str) -> LinkType | None:
    return _link_types.get(name)


def _as_pk(pk) -> int | None:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**63 else None


def link_resolve(name: str, pk, district) -> tuple[str, str] | None:
    """(title, url) of the linked object, or None when the type is unknown (its app is not installed)
    or the object is gone, hidden or of another district."""
    entry = _link_types.get(name)
    pk = _as_pk(pk)
    if entry is None or pk is None:
        return None
    obj = entry.queryset(district).filter(pk=pk).first()
    return None if obj is None else (entry.title(obj), entry.url(obj))


@dataclass(frozen=True)
class LinkChoice:
    pk: int
    title: str
    url: str


def link_choices(name: str, district, q: str = "", limit: int = 20) -> list[LinkChoice]:
    """Up to `limit` linkable objects of type `name` in `district` for a picker, newest first; `q`
    narrows them to those whose title contains it (matched against the model's `title` or `name`)."""
    entry = _link_types.get(name)
    if entry is None:
        return []
    qs = entry.queryset(district)
    q = (q or "").strip()
    if q:
        field_names = {f.name for f in entry.model._meta.get_fields()}
        field = next((f for f in ("title", "name") if f in field_names), None)
        if field is not None:
            qs = qs.filter(**{f"{field}__icontains": q})
    qs = qs.order_by("-pk")[: max(0, min(int(limit), 100))]
    return [LinkChoice(pk=obj.pk, title=entry.title(obj), url=entry.url(obj)) for obj in qs]


# --- summaries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryItem:
    title: str
    url: str
    meta: str = ""


@dataclass(frozen=True)
class Summary:
    """One app's block on the 공론장 overview: a heading linking to its list, how many there are, and a
    few recent items."""

    title: Any
    url: str
    count: int
    items: list[SummaryItem]


@dataclass(frozen=True)
class SummaryProvider:
    """`fn(district, user) -> Summary | None` (None: nothing to show that person)."""

    name: str
    fn: Callable[[Any, Any], Summary | None]
    label: Any
    order: int = 100


_summaries: dict[str, SummaryProvider] = {}


def register_summary(
    name: str, fn: Callable[[Any, Any], Summary | None], *, label, order: int = 100
) -> SummaryProvider:
    entry = SummaryProvider(name=name, fn=fn, label=label, order=order)
    _summaries[name] = entry
    return entry


def summary_providers() -> list[SummaryProvider]:
    return sorted(_summaries.values(), key=lambda p: (p.order, p.name))


def summaries(district, user) -> list[Summary]:
    """The blocks of every registered app, in order; providers that return None are left out."""
    result = []
    for provider in summary_providers():
        summary = provider.fn(district, user)
        if summary is not None:
            result.append(summary)
    return result


# --- role hooks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleHook:
    """`granted(assignment, actor)` after a `RoleAssignment` is created, `revoked(assignment, actor)`
    before it is deleted; both inside the same transaction as the change and its audit entry."""

    name: str
    granted: Callable[[Any, Any], None] | None = None
    revoked: Callable[[Any, Any], None] | None = None


_role_hooks: dict[str, RoleHook] = {}


def register_role_hook(
    name: str,
    *,
    granted: Callable[[Any, Any], None] | None = None,
    revoked: Callable[[Any, Any], None] | None = None,
) -> RoleHook:
    entry = RoleHook(name=name, granted=granted, revoked=revoked)
    _role_hooks[name] = entry
    return entry


def role_granted(assignment, actor) -> None:
    for hook in sorted(_role_hooks.values(), key=lambda h: h.name):
        if hook.granted is not None:
            hook.granted(assignment, actor)


def role_revoked(assignment, actor) -> None:
    for hook in sorted(_role_hooks.values(), key=lambda h: h.name):
        if hook.revoked is not None:
            hook.revoked(assignment, actor)


@contextlib.contextmanager
def isolated():
    """Registrations made inside the block are undone after it (tests plug in fake apps with it)."""
    stores = (
        _search_types,
        _personal_data,
        _metrics,
        _demo_loaders,
        _handoffs,
        _link_types,
        _summaries,
        _role_hooks,
    )
    saved = [(store, store.copy()) for store in stores]
    saved_index = list(_search_index)
    try:
        yield
    finally:
        for store, copy in saved:
            store.clear()
            store.update(copy)
        _search_index[:] = saved_index
