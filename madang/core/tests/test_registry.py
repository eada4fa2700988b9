"""The kernel's registries, and the rule they exist for: core, accounts and districts never import a
capability app."""

import ast
import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from madang.core import registry

MADANG = Path(registry.__file__).resolve().parents[1]
KERNEL_APPS = ("core", "accounts", "districts", "residents")
CAPABILITY_APPS = ("network",)  # and every capability app that follows (forums, proposals, …)


@pytest.fixture
def empty(monkeypatch):
    """Fresh, empty registries for the test (the apps' own entries come back afterwards)."""
    for name in (
        "_search_types",
        "_personal_data",
        "_metrics",
        "_demo_loaders",
        "_handoffs",
        "_link_types",
        "_summaries",
    ):
        monkeypatch.setattr(registry, name, {})
    monkeypatch.setattr(registry, "_search_index", [])
    return registry


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


@pytest.mark.parametrize("app", KERNEL_APPS)
def test_kernel_apps_never_import_a_capability_app(app):
    offenders = []
    for path in (MADANG / app).rglob("*.py"):
        if "tests" in path.relative_to(MADANG).parts:
            continue
        for module in _imported_modules(path):
            if any(module == f"madang.{c}" or module.startswith(f"madang.{c}.") for c in CAPABILITY_APPS):
                offenders.append(f"{path.relative_to(MADANG)}: {module}")
    assert offenders == []


def test_the_network_fills_every_registry():
    """What the installed apps register at start-up (NetworkConfig.ready)."""
    # the network's types first (order 10–30); capabilities add theirs after (budgeting: budget_project)
    assert [t.name for t in registry.search_types()][:3] == ["organisation", "person", "resource"]
    assert registry.search_index().model._meta.label == "network.SearchEntry"
    assert "activist_profiles" in [p.name for p in registry.personal_data_providers()]
    assert {m.name for m in registry.metric_list()} >= {
        "network.members",
        "network.new_members",
        "network.organisations",
        "network.persons",
        "network.ties",
        "network.resources",
    }
    loaders = [d.name for d in registry.demo_loaders()]
    assert loaders.index("network") < loaders.index("processes")


def test_search_types_are_ordered_and_filtered_by_visibility(empty):
    def staff_only(user, district):
        return getattr(user, "is_staff", False)

    empty.register_search_type("b", label="B", queryset=None, result=None, order=20)
    empty.register_search_type("a", label="A", queryset=None, result=None, order=10)
    empty.register_search_type("secret", label="S", queryset=None, result=None, visible=staff_only, order=5)
    assert [t.name for t in empty.search_types()] == ["secret", "a", "b"]

    class Anonymous:
        is_staff = False

    class Staff:
        is_staff = True

    assert [t.name for t in empty.search_types(user=Anonymous(), district=None)] == ["a", "b"]
    assert [t.name for t in empty.search_types(user=Staff(), district=object())] == ["secret", "a", "b"]
    assert empty.search_type("a").label == "A"
    with pytest.raises(ImproperlyConfigured):
        empty.search_type("missing")


def test_registering_again_replaces(empty):
    empty.register_search_type("a", label="old", queryset=None, result=None)
    empty.register_search_type("a", label="new", queryset=None, result=None)
    assert [t.label for t in empty.search_types()] == ["new"]
    empty.register_metric("x.one", label="1", compute=lambda d, s, e: 1)
    empty.register_metric("x.one", label="2", compute=lambda d, s, e: 2)
    assert len(empty.metric_list()) == 1


def test_no_search_index_registered(empty):
    with pytest.raises(ImproperlyConfigured):
        empty.search_index()
    empty.register_search_index(object, fts_table="t1")
    empty.register_search_index(int, fts_table="t2")
    assert empty.search_index().fts_table == "t2"


def test_personal_data_export_erase_and_refresh_call_every_app_in_order(empty):
    calls = []
    empty.register_personal_data(
        "second",
        export=lambda user: {"n": 2},
        erase=lambda user: calls.append(("erase", "second", user)),
        order=20,
    )
    empty.register_personal_data(
        "first",
        export=lambda user: [user],
        erase=lambda user: calls.append(("erase", "first", user)),
        refresh=lambda user: calls.append(("refresh", "first", user)),
        order=10,
    )
    empty.register_personal_data("read_only", export=lambda user: None, order=30)
    assert list(empty.personal_data_export("u")) == ["first", "second", "read_only"]
    assert empty.personal_data_export("u") == {"first": ["u"], "second": {"n": 2}, "read_only": None}
    empty.personal_data_erase("u")
    empty.personal_data_refresh("u")
    assert calls == [("erase", "first", "u"), ("erase", "second", "u"), ("refresh", "first", "u")]


def test_metrics(empty):
    seen = []

    def compute(district, start, end):
        seen.append((district, start, end))
        return 7

    metric = empty.register_metric("app.things", label="것", unit="개", compute=compute)
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    assert empty.metric_value("app.things", "d", start, end) == 7
    assert seen == [("d", start, end)]
    assert empty.metric_list() == [metric] and metric.unit == "개"
    with pytest.raises(ValueError):
        empty.metric_value("app.things", "d", end, start)
    with pytest.raises(ImproperlyConfigured):
        empty.metric_value("app.missing", "d", start, end)
    with pytest.raises(ValueError):
        empty.register_metric("no_app_prefix", label="x", compute=compute)


def test_demo_loaders_run_in_order(empty):
    empty.register_demo_loader("late", lambda *, districts: ["late"], order=200)
    empty.register_demo_loader("early", lambda *, districts: ["early"], order=10)
    lines = []
    for loader in empty.demo_loaders():
        lines += loader.load(districts=[])
    assert lines == ["early", "late"]


# --- handoffs, link types, summaries ---------------------------------------------------------------


def test_handoff_calls_the_registered_function_or_returns_none(empty):
    assert not empty.has_handoff("forums.open_topic")
    assert empty.handoff("forums.open_topic", title="x") is None  # no app: the caller hides the action
    calls = []
    empty.register_handoff("forums.open_topic", lambda **kw: calls.append(kw) or "topic", label="공론장 열기")
    assert empty.has_handoff("forums.open_topic")
    assert empty.handoff("forums.open_topic", title="제목", body="본문") == "topic"
    assert calls == [{"title": "제목", "body": "본문"}]
    assert empty.handoff_get("forums.open_topic").label == "공론장 열기"
    with pytest.raises(ValueError):
        empty.register_handoff("open_topic", lambda **kw: None)


def _register_dong_links(reg):
    from madang.districts.models import Dong

    reg.register_link_type(
        "districts.dong",
        label="행정동",
        model=Dong,
        queryset=lambda district: Dong.objects.in_district(district),
        title=lambda dong: dong.name,
        url=lambda dong: f"/dong/{dong.pk}/",
    )


@pytest.mark.django_db
def test_link_resolve_stays_in_its_district(empty):
    from madang.districts.tests.factories import DongFactory

    _register_dong_links(empty)
    mine, other = DongFactory(name="망원동"), DongFactory(name="수유동")
    assert [t.name for t in empty.link_types()] == ["districts.dong"]
    assert empty.link_resolve("districts.dong", mine.pk, mine.district) == ("망원동", f"/dong/{mine.pk}/")
    assert empty.link_resolve("districts.dong", str(mine.pk), mine.district) == (
        "망원동",
        f"/dong/{mine.pk}/",
    )
    assert empty.link_resolve("districts.dong", other.pk, mine.district) is None  # another district's
    assert empty.link_resolve("districts.dong", 10**30, mine.district) is None
    assert empty.link_resolve("districts.dong", "abc", mine.district) is None
    assert empty.link_resolve("forums.topic", mine.pk, mine.district) is None  # app not installed


@pytest.mark.django_db
def test_link_choices_filter_and_limit(empty):
    from madang.districts.tests.factories import DistrictFactory, DongFactory

    _register_dong_links(empty)
    district = DistrictFactory()
    for name in ("망원1동", "망원2동", "합정동"):
        DongFactory(district=district, name=name)
    DongFactory(name="망원3동")  # another district
    assert [c.title for c in empty.link_choices("districts.dong", district)] == [
        "합정동",
        "망원2동",
        "망원1동",
    ]
    assert [c.title for c in empty.link_choices("districts.dong", district, q=" 망원 ")] == [
        "망원2동",
        "망원1동",
    ]
    assert len(empty.link_choices("districts.dong", district, limit=1)) == 1
    assert empty.link_choices("forums.topic", district) == []


def test_summaries_in_order_without_none(empty):
    item = empty.SummaryItem(title="첫 글", url="/a/", meta="댓글 3")
    empty.register_summary(
        "proposals", lambda d, u: empty.Summary("제안", "/p/", 5, [item]), label="제안", order=20
    )
    empty.register_summary(
        "forums", lambda d, u: empty.Summary("공론장", "/f/", 0, []), label="공론장", order=10
    )
    empty.register_summary("hidden", lambda d, u: None, label="숨김", order=5)
    result = empty.summaries(None, None)
    assert [s.title for s in result] == ["공론장", "제안"]
    assert result[1].items == [item] and result[1].count == 5


def test_isolated_undoes_new_registries():
    with registry.isolated():
        registry.register_handoff("x.y", lambda **kw: 1)
        registry.register_summary("x", lambda d, u: None, label="x")
        registry.register_link_type(
            "x.z", label="x", model=None, queryset=lambda d: [], title=str, url=lambda o: ""
        )
    assert not registry.has_handoff("x.y")
    assert "x" not in {p.name for p in registry.summary_providers()}
    assert registry.link_type("x.z") is None
