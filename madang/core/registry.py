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


@contextlib.contextmanager
def isolated():
    """Registrations made inside the block are undone after it (tests plug in fake apps with it)."""
    saved = [(store, store.copy()) for store in (_search_types, _personal_data, _metrics, _demo_loaders)]
    saved_index = list(_search_index)
    try:
        yield
    finally:
        for store, copy in saved:
            store.clear()
            store.update(copy)
        _search_index[:] = saved_index
