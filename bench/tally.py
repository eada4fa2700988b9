"""Benchmark the participatory-budgeting tally (madang.budgeting.results) on 400,000 ballots.

    make bench-tally
    .venv/bin/python bench/tally.py [--ballots 400000] [--projects 120] [--dongs 12] [--runs 7]

(Re)creates the PostgreSQL database named in DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/madang_bench_tally; the name must contain "bench"), migrates it,
and fills one cycle of 강북구 in SQL (generate_series, no Python loop per row): a district-wide heading
and `--dongs` dong headings, `--projects` shortlisted projects, committee review scores, operators'
channel scores, the 2019 weights (online, offline, committee, budget school, proposers), and
`--ballots` voters with one ballot each (10 % on paper; `Ballot.total_cost` is left at 0, the tally
never reads it), every ballot choosing 1–5 of its heading's
projects with a skewed popularity. Then it times `results_compute(cycle)` — the SQL GROUP BYs plus
normalisation, weighting, ranking and greedy funding in Python — `--runs` times and prints the median,
and the turnout numbers once. Exits 0: it is a benchmark, not a test (the target is printed).
"""

# ruff: noqa: S608 - the SQL below is built from integers this script made itself
# ruff: noqa: E402 - the path fix-up below must run before the other imports
from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds a module named `http` (bench/http.py): take the folder off the path before Django
# imports the standard library's `http`
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]

import argparse
import datetime
import os
import platform
import shlex
import statistics
import subprocess
import time
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/madang_bench_tally"
TARGET_SECONDS = 1.0


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the budgeting tally on PostgreSQL.")
    parser.add_argument("--ballots", type=int, default=400_000)
    parser.add_argument("--projects", type=int, default=120)
    parser.add_argument("--dongs", type=int, default=12, help="dong headings besides the district-wide one")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-data", action="store_true", help="reuse the database of a previous run")
    return parser.parse_args(argv)


def recreate_database(url: str) -> None:
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to recreate {name!r}: the database name must contain 'bench'")
    base = [
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
    ]
    subprocess.run(["dropdb", "--if-exists", *base, name], check=True)  # noqa: S603, S607
    subprocess.run(["createdb", *base, name], check=True)  # noqa: S603, S607


def build(args) -> int:
    """Fill the cycle; returns its id."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from madang.budgeting.models import ChannelWeight, Cycle, Heading, Project, ReviewCriterion
    from madang.districts.models import District, Dong
    from madang.districts.services import reference_data_load
    from madang.processes.models import Phase, Process

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    reference_data_load()
    district = District.objects.get(slug="gangbuk")
    for i in range(args.dongs - Dong.objects.in_district(district).count()):
        Dong.objects.create(district=district, code=f"99{i:08d}", name=f"벤치{i:02d}동")
    dongs = list(Dong.objects.in_district(district).order_by("pk")[: args.dongs])
    now = timezone.now()
    with transaction.atomic():
        process = Process.objects.create(
            district=district,
            kind=Process.Kind.BUDGETING,
            title="벤치마크 주민참여예산",
            slug="budget-bench",
            starts_on=(now - datetime.timedelta(days=60)).date(),
            ends_on=(now + datetime.timedelta(days=5)).date(),
            is_published=True,
        )
        Phase.objects.create(
            process=process,
            name="주민 투표",
            features=["vote"],
            starts_at=now - datetime.timedelta(days=30),
            ends_at=now - datetime.timedelta(days=1),
        )
        cycle = Cycle.objects.create(
            district=district, process=process, year=now.year, ballot_kind="approval", approval_max_picks=5
        )
        headings = [
            Heading.objects.create(cycle=cycle, name="구 단위", kind="district", amount=3_000_000_000)
        ]
        for i, dong in enumerate(dongs):
            headings.append(
                Heading.objects.create(
                    cycle=cycle,
                    name=f"{dong.name} 동 단위",
                    kind="dong",
                    dong=dong,
                    amount=300_000_000,
                    order=i + 1,
                )
            )
        projects = []
        for i in range(args.projects):
            # a third of the projects in the district-wide heading, the rest spread over the dong headings
            heading = (
                headings[0]
                if i % 3 == 0 or len(headings) == 1
                else headings[1 + (i - i // 3 - 1) % (len(headings) - 1)]
            )
            projects.append(
                Project(
                    cycle=cycle,
                    heading=heading,
                    title=f"벤치마크 사업 {i:03d}",
                    description="벤치마크",
                    cost=20_000_000 + (i * 7_919_000) % 280_000_000,
                    status=Project.Status.SHORTLISTED,
                )
            )
        Project.objects.bulk_create(projects)
        for channel, weight in ChannelWeight.PRESETS["2019"].items():
            ChannelWeight.objects.create(cycle=cycle, channel=channel, weight=weight)
        criteria = [
            ReviewCriterion.objects.create(cycle=cycle, name=name, weight=weight, order=i)
            for i, (name, weight) in enumerate(ReviewCriterion.DEFAULTS)
        ]
        User = get_user_model()
        reviewers = [
            User.objects.create_user(
                email=f"reviewer{i}@bench.local", password=None, display_name=f"심사위원{i}"
            )
            for i in range(15)
        ]
    c = cycle.pk
    crit_ids = ",".join(str(x.pk) for x in criteria)
    rev_ids = ",".join(str(u.pk) for u in reviewers)
    dong_ids = ",".join(str(d.pk) for d in dongs) or "NULL"
    with connection.cursor() as cur, transaction.atomic():
        # the rows below are valid by construction: skip the per-row foreign-key triggers while bulk
        # loading (a throw-away bench database; needs a superuser, as the default postgres URL is)
        cur.execute("SET LOCAL session_replication_role = replica")
        # committee: every reviewer scores every project on every criterion
        cur.execute(f"""
            INSERT INTO budgeting_reviewscore (project_id, criterion_id, reviewer_id, score, updated_at)
            SELECT p.id, cr, rv, 1 + ((p.id * 31 + cr * 7 + rv * 13) % 5), now()
            FROM budgeting_project p, unnest(ARRAY[{crit_ids}]) cr, unnest(ARRAY[{rev_ids}]) rv
            WHERE p.cycle_id = {c}""")
        cur.execute(f"""
            INSERT INTO budgeting_channelscore (project_id, channel, score, updated_at)
            SELECT p.id, ch, ((p.id * 17) % 100)::numeric, now()
            FROM budgeting_project p, unnest(ARRAY['budget_school', 'proposers']) ch
            WHERE p.cycle_id = {c}""")
        # voters: 10 % on paper; dong and age band spread over the district
        cur.execute(f"""
            INSERT INTO budgeting_voter
                (cycle_id, identity_key, user_id, channel, dong_id, age_band, created_at)
            SELECT {c}, md5(i::text) || md5((-i)::text), NULL,
                   CASE WHEN i % 10 = 0 THEN 'offline' ELSE 'online' END,
                   (ARRAY[{dong_ids}])[1 + i % {max(len(dongs), 1)}],
                   (ARRAY['10','20','30','40','50','60','70'])[1 + (i * 7) % 7], now()
            FROM generate_series(1, {args.ballots}) i""")
        # one ballot per voter: 70 % in the district-wide heading, the rest in their dong's heading
        cur.execute(f"""
            CREATE TEMP TABLE bench_headings AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, dong_id, kind FROM budgeting_heading
            WHERE cycle_id = {c}""")
        cur.execute(f"""
            INSERT INTO budgeting_ballot (cycle_id, heading_id, voter_id, identity_key, channel, total_cost,
                                          picks, entered_by_id, created_at, updated_at)
            SELECT {c}, COALESCE(CASE WHEN v.id % 10 >= 7 THEN dh.id END, wide.id),
                   v.id, v.identity_key, v.channel, 0, 1 + (v.id * 2654435761 % 5), NULL, now(), now()
            FROM budgeting_voter v
            CROSS JOIN (SELECT id FROM bench_headings WHERE n = 0) wide
            LEFT JOIN (SELECT DISTINCT ON (dong_id) dong_id, id FROM bench_headings
                       WHERE dong_id IS NOT NULL ORDER BY dong_id, id) dh ON dh.dong_id = v.dong_id
            WHERE v.cycle_id = {c}""")
        # choices: `picks` consecutive projects of the heading from a skewed start (distinct by construction);
        # every heading has at least five projects, so `picks` is exact
        cur.execute(f"""
            CREATE TEMP TABLE bench_heading_projects AS
            SELECT heading_id, array_agg(id ORDER BY id) AS ids, count(*) AS m,
                   array_agg(COALESCE(revised_cost, cost) ORDER BY id) AS costs
            FROM budgeting_project WHERE cycle_id = {c} GROUP BY heading_id""")
        cur.execute(f"""
            INSERT INTO budgeting_ballotchoice (ballot_id, project_id, cycle_id, channel)
            SELECT b.id, hp.ids[1 + ((b.start + j) % hp.m)], {c}, b.channel
            FROM (SELECT id, heading_id, channel, picks, floor(power(random(), 2) * 1000)::int AS start
                  FROM budgeting_ballot WHERE cycle_id = {c}) b
            JOIN bench_heading_projects hp ON hp.heading_id = b.heading_id
            CROSS JOIN LATERAL generate_series(0, LEAST(b.picks, hp.m) - 1) j""")
    with connection.cursor() as cur:
        for table in (
            "budgeting_voter",
            "budgeting_ballot",
            "budgeting_ballotchoice",
            "budgeting_reviewscore",
        ):
            cur.execute(f"VACUUM ANALYZE {table}")
    print(f"data: {time.perf_counter() - started:.1f} s", flush=True)
    return c


def run(args, command: str) -> None:
    from django.db import connection

    from madang.budgeting.ballot_models import Ballot, BallotChoice, Voter
    from madang.budgeting.models import Cycle
    from madang.budgeting.results import results_compute, turnout

    setup_start = time.perf_counter()
    if args.skip_data:
        cycle = Cycle.objects.get(process__slug="budget-bench")
    else:
        cycle = Cycle.objects.get(pk=build(args))
    setup = time.perf_counter() - setup_start
    ballots = Ballot.objects.filter(cycle=cycle).count()
    choices = BallotChoice.objects.filter(cycle=cycle).count()
    voters = Voter.objects.filter(cycle=cycle).count()

    times = []
    computed = None
    for _ in range(args.runs):
        start = time.perf_counter()
        computed = results_compute(cycle)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    numbers = turnout(cycle)
    turnout_time = time.perf_counter() - start

    funded = sum(1 for h in computed.headings.values() for p in h.projects if p.funded)
    over = [h.id for h in computed.headings.values() if h.funded_total > h.amount]
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        server = cur.fetchone()[0]
    print(f"Command: {command}")
    print(
        f"Python {platform.python_version()}, PostgreSQL {server}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    print(
        f"Data: {voters:,} voters, {ballots:,} ballots, {choices:,} chosen projects, "
        f"{len(computed.headings)} headings, "
        f"{sum(len(h.projects) for h in computed.headings.values())} projects "
        f"(setup {setup:.1f} s)"
    )
    print()
    print("| measurement | runs | min (s) | median (s) | target |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| results_compute (SQL GROUP BYs + weights + greedy funding) | {len(times)} | {min(times):.3f} | "
        f"{statistics.median(times):.3f} | < {TARGET_SECONDS:.1f} s |"
    )
    print(
        f"| turnout (by channel, dong, age band, heading) | 1 | {turnout_time:.3f} | {turnout_time:.3f} | |"
    )
    print()
    print(
        f"Funded projects: {funded}; headings over their money: {over or 'none'}; "
        f"voters {numbers['voters']:,}"
    )
    verdict = "met" if statistics.median(times) < TARGET_SECONDS else "NOT met"
    print(f"Target (median < {TARGET_SECONDS} s): {verdict}")


def main(argv=None) -> int:
    args = parse_args(argv)
    command = shlex.join(getattr(sys, "orig_argv", [sys.executable, *sys.argv]))
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith("postgres"):
        sys.exit("bench/tally.py measures PostgreSQL: set DATABASE_URL to a postgres:// database")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DEBUG", "0")
    if not args.skip_data:
        recreate_database(url)
    import django

    django.setup()
    run(args, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
