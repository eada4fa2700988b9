"""Benchmark the network analytics (madang.network.analytics) at the size of a large district.

    .venv/bin/python bench/network_analytics.py [--orgs 5000] [--ties 50000] [--runs 3] [--seed 42]

Builds a throwaway database, fills one district with `--orgs` organisations and `--ties` distinct
ties shaped like a real civil-society network (preferential attachment, so a few hubs and a long
tail, plus clustering by 의제), then times `network_stats(district, use_cache=False)` (build_graph +
compute_stats) unfiltered, filtered by kind and by 의제, and the cached call, and prints a Markdown
table and the headline statistics.

Database: a fresh temporary SQLite file, deleted at the end, unless DATABASE_URL is set, in which
case that database is migrated and written to. Point it only at a throwaway PostgreSQL database
(e.g. `createdb madang_bench`); the script refuses to run if the district already has organisations.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark madang.network.analytics.")
    parser.add_argument("--orgs", type=int, default=5000, help="organisations (default 5000)")
    parser.add_argument("--ties", type=int, default=50000, help="distinct ties (default 50000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement (default 3)")
    parser.add_argument("--seed", type=int, default=42, help="random seed for the generated network")
    parser.add_argument("--district", default="gangbuk", help="district slug to fill (default gangbuk)")
    args = parser.parse_args(argv)
    if args.orgs < 2 or args.ties < 1:
        parser.error("--orgs must be at least 2 and --ties at least 1")
    if args.ties > args.orgs * (args.orgs - 1) // 2:
        parser.error("--ties is more than the number of distinct pairs of organisations")
    return args


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


# --- data ----------------------------------------------------------------------------------------


def generate_ties(rng: random.Random, n: int, target: int, primary_area: list[int]) -> list[tuple[int, int]]:
    """`target` distinct undirected pairs over node indexes 0..n-1.

    2% of the nodes stay isolated. Each other new node links to m ≈ target / n earlier nodes:
    with probability 0.6 one chosen in proportion to degree among nodes of its primary 의제
    (clustering), otherwise in proportion to degree among all nodes (preferential attachment,
    Barabási–Albert). Then random degree-proportional pairs top the count up to exactly `target`.
    """
    unlinked = n // 50  # 2% never collaborate (yet), as long as the rest can hold `target` pairs
    while unlinked and (n - unlinked) * (n - unlinked - 1) // 2 < target:
        unlinked -= 1
    isolated = set(rng.sample(range(n), unlinked))
    m = max(1, target // (n - len(isolated)))
    pairs: set[tuple[int, int]] = set()
    endpoints: list[int] = []  # node i appears degree(i) times
    by_area: dict[int, list[int]] = {}

    def add(i: int, j: int) -> bool:
        pair = (i, j) if i < j else (j, i)
        if i == j or pair in pairs or i in isolated or j in isolated:
            return False
        pairs.add(pair)
        endpoints.extend(pair)
        by_area.setdefault(primary_area[i], []).append(i)
        by_area.setdefault(primary_area[j], []).append(j)
        return True

    for i in range(1, n):
        if i in isolated:
            continue
        links = min(i, m)
        for _ in range(links):
            if len(pairs) >= target:
                break
            for _attempt in range(20):
                cluster = by_area.get(primary_area[i])
                if cluster and rng.random() < 0.6:
                    j = rng.choice(cluster)
                elif endpoints and rng.random() < 0.9:
                    j = rng.choice(endpoints)
                else:
                    j = rng.randrange(i)
                if add(i, j):
                    break
    while len(pairs) < target:
        i = rng.choice(endpoints) if endpoints and rng.random() < 0.5 else rng.randrange(n)
        cluster = by_area.get(primary_area[i])
        j = rng.choice(cluster) if cluster and rng.random() < 0.6 else rng.randrange(n)
        add(i, j)
    return sorted(pairs)


def load_network(district, *, orgs: int, ties: int, seed: int) -> dict:
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from madang.network.models import IssueArea, Organisation, OrgKind, Tie

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    areas = list(IssueArea.objects.filter(district__isnull=True).order_by("order", "name"))
    if not areas:
        areas = [IssueArea.objects.create(name=f"의제 {i}", order=i) for i in range(20)]
    # a few big 의제 and many small ones
    area_weights = [1.0 / (rank + 1) for rank in range(len(areas))]
    kinds = [
        (OrgKind.COMMUNITY, 40),
        (OrgKind.CIVIC, 22),
        (OrgKind.SOCIAL_ECONOMY, 20),
        (OrgKind.NONPROFIT, 9),
        (OrgKind.PUBLIC, 4),
        (OrgKind.INTERMEDIARY, 2),
        (OrgKind.OTHER, 3),
    ]
    today = timezone.localdate()
    with transaction.atomic():
        created = Organisation.objects.bulk_create(
            [
                Organisation(
                    district=district,
                    name=f"벤치마크 단체 {i:05d}",
                    kind=rng.choices([k for k, _w in kinds], [w for _k, w in kinds])[0],
                    founded_year=rng.randint(1995, 2023),
                )
                for i in range(orgs)
            ],
            batch_size=1000,
        )
        ids = [org.pk for org in created]
        if any(pk is None for pk in ids):  # databases without RETURNING
            ids = list(
                Organisation.objects.filter(district=district).order_by("pk").values_list("pk", flat=True)
            )
        primary, through = [], Organisation.issue_areas.through
        rows = []
        for pk in ids:
            chosen = {rng.choices(range(len(areas)), area_weights)[0] for _ in range(rng.randint(1, 3))}
            first = rng.choices(range(len(areas)), area_weights)[0]
            chosen.add(first)
            primary.append(first)
            rows.extend(through(organisation_id=pk, issuearea_id=areas[a].pk) for a in sorted(chosen))
        through.objects.bulk_create(rows, batch_size=5000)
        pairs = generate_ties(rng, len(ids), ties, primary)
        tie_kinds = list(Tie.Kind.values)
        Tie.objects.bulk_create(
            [
                Tie(
                    district=district,
                    source_id=min(ids[a], ids[b]),
                    target_id=max(ids[a], ids[b]),
                    kind=rng.choice(tie_kinds),
                    since=today - datetime.timedelta(days=rng.randint(0, 1095)),
                    origin=Tie.Origin.IMPORT,
                )
                for a, b in pairs
            ],
            batch_size=5000,
        )
    biggest = max(range(len(areas)), key=lambda a: primary.count(a))
    kind_counts = {}
    for kind in Organisation.objects.filter(district=district).values_list("kind", flat=True):
        kind_counts[kind] = kind_counts.get(kind, 0) + 1
    return {"area": areas[biggest], "kind": OrgKind.COMMUNITY, "kind_count": kind_counts[OrgKind.COMMUNITY]}


# --- benchmark -----------------------------------------------------------------------------------


def run(args: argparse.Namespace, command: str) -> None:
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from madang.districts.models import District
    from madang.districts.services import reference_data_load
    from madang.network.analytics import GraphFilter, build_graph, compute_stats, network_stats
    from madang.network.models import Organisation, Tie

    setup: dict[str, float] = {}
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    setup["migrate"] = time.perf_counter() - start

    start = time.perf_counter()
    reference_data_load()
    district = District.objects.get(slug=args.district)
    if Organisation.objects.filter(district=district).exists():
        sys.exit(
            f"{district.slug} already has organisations in this database: "
            "point DATABASE_URL at an empty throwaway database."
        )
    info = load_network(district, orgs=args.orgs, ties=args.ties, seed=args.seed)
    setup["load data"] = time.perf_counter() - start
    org_count = Organisation.objects.filter(district=district).count()
    tie_count = Tie.objects.filter(district=district).count()

    rows = []

    def measure(label: str, fn: Callable[[], dict], runs: int = args.runs) -> dict:
        times, stats = timed(fn, runs)
        rows.append((label, len(times), min(times), statistics.median(times), stats))
        return stats

    headline = measure("network_stats, no filter", lambda: network_stats(district, use_cache=False))
    measure(
        f"network_stats, GraphFilter(kind={info['kind'].value!r})",
        lambda: network_stats(district, GraphFilter(kind=info["kind"]), use_cache=False),
    )
    measure(
        f"network_stats, GraphFilter(issue_area_id=…) ({info['area'].name})",
        lambda: network_stats(district, GraphFilter(issue_area_id=info["area"].pk), use_cache=False),
    )
    graph = None

    def build():
        nonlocal graph
        graph = build_graph(district)
        return {"organisations": graph.number_of_nodes(), "ties": graph.number_of_edges()}

    measure("  of which build_graph", build)
    measure("  of which compute_stats", lambda: compute_stats(graph))
    cache.clear()
    measure("network_stats, cold cache (fills it)", lambda: network_stats(district), runs=1)
    measure("network_stats, cached", lambda: network_stats(district))

    import networkx
    import scipy

    print(f"Command: {command}")
    print(
        f"Python {platform.python_version()}, networkx {networkx.__version__}, scipy {scipy.__version__}, "
        f"{connection.vendor} ({'temporary file' if args.temp_db else 'DATABASE_URL'}), "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    print(
        f"Data: {org_count:,} organisations, {tie_count:,} ties in {district.name} (seed {args.seed}); "
        f"setup: migrate {setup['migrate']:.1f} s, load {setup['load data']:.1f} s"
    )
    print()
    print("| measurement | runs | min (s) | median (s) | organisations | ties |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, runs, low, median, stats in rows:
        nodes = stats.get("organisations", "") if isinstance(stats, dict) else ""
        edges = stats.get("ties", "") if isinstance(stats, dict) else ""
        print(f"| {label} | {runs} | {low:.3f} | {median:.3f} | {nodes:,} | {edges:,} |")
    print()
    top_degree = headline["top_degree"][0] if headline["top_degree"] else None
    top_between = headline["top_betweenness"][0] if headline["top_betweenness"] else None
    print("Headline statistics (no filter):")
    print(f"- organisations: {headline['organisations']:,}, ties: {headline['ties']:,}")
    print(f"- density: {headline['density']}")
    print(f"- components: {headline['components']:,} (largest {headline['largest_component']:,})")
    print(f"- isolates: {len(headline['isolates']):,}")
    print(f"- modularity (Louvain): {headline['modularity']}")
    print(f"- communities listed (size > 1, top {len(headline['communities'])}): ", end="")
    print(", ".join(str(c["size"]) for c in headline["communities"]))
    print(f"- betweenness pivots: {headline['betweenness_pivots']}")
    if top_degree:
        print(f"- top degree: {top_degree['name']} ({top_degree['degree']})")
    if top_between:
        print(f"- top betweenness: {top_between['name']} ({top_between['betweenness']})")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = shlex.join(getattr(sys, "orig_argv", [sys.executable, *sys.argv]))
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DEBUG", "0")  # measure as production runs: no query logging
    tmpdir = None
    args.temp_db = "DATABASE_URL" not in os.environ
    if args.temp_db:
        tmpdir = tempfile.mkdtemp(prefix="madang-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir}/bench.sqlite3"
        os.environ.setdefault("MADANG_VAR_DIR", tmpdir)
    try:
        import django

        django.setup()
        run(args, command)
    finally:
        if tmpdir:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
