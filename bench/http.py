"""HTTP benchmark: the hot pages under load, served by gunicorn as in production, measured with wrk.

    make bench-http
    .venv/bin/python bench/http.py [--duration 10] [--connections 8] [--threads 2] [--skip-data]

1. (Re)creates the PostgreSQL database named in DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/madang_bench_http; the name must contain "bench", anything
   else is refused), migrates it and bulk-creates one large district (5,000 organisations, 50,000
   ties) plus 20 smaller populated districts, with memberships, people and resources.
2. Flushes Redis database 14 (REDIS_URL, cache and sessions), collects static files and starts
   gunicorn with `config.settings.prod` (2 workers, persistent connections) on a free port 8200–8299.
3. For each hot URL, anonymous and as a logged-in operator: a short warm-up, then
   `wrk -t2 -c8 -d10s --latency`; req/s, p50, p99, non-2xx responses. SQL queries per request are
   counted separately with Django's test client against the same database and cache (cold = first
   request after a cache flush of the page, warm = the next one).
4. Prints a Markdown table with each figure's ratio to /healthz of the same run. Exits 0: it is a
   benchmark, not a test (targets are printed next to the figures).

The whole run is bounded (--timeout, default 900 s) and gunicorn is stopped at the end, even on error.
"""

# ruff: noqa: E402 - the path fix-up below must run before the other imports
# ruff: noqa: S603 - runs wrk, gunicorn and apt-get with arguments it builds itself
from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's `http` package: take its folder off the path
# before anything imports `http`, and load the sibling benchmark module by file name instead.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]

import argparse
import datetime
import os
import platform
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/madang_bench_http"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
BIG_DISTRICT = "gangbuk"
SECRET_KEY = "bench-http-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
TARGETS = {"healthz": 1500, "html": 300, "api": 200, "write": 300}
P99_TARGET_MS = 100


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="HTTP benchmark of Madang's hot pages with wrk.")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per URL (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--orgs", type=int, default=5000, help="organisations in the large district")
    parser.add_argument("--ties", type=int, default=50000, help="ties in the large district")
    parser.add_argument("--districts", type=int, default=20, help="other populated districts (default 20)")
    parser.add_argument("--small-orgs", type=int, default=200, help="organisations per other district")
    parser.add_argument(
        "--uncached", action="store_true", help="serve with MADANG_PAGE_CACHE=0: every page rendered"
    )
    parser.add_argument("--skip-data", action="store_true", help="reuse the database of a previous run")
    parser.add_argument("--only", default="", help="comma-separated labels to run (e.g. healthz,directory)")
    parser.add_argument("--timeout", type=int, default=1800, help="stop everything after this many seconds")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="scale of the scenarios' data (0.01 for a quick smoke run)"
    )
    parser.add_argument(
        "--scenarios",
        default="",
        help="scenario names from bench/scenarios/, comma-separated (default: all; 'none': network only)",
    )
    return parser.parse_args(argv)


# --- scenarios ---------------------------------------------------------------------------------
# Each capability adds its hot pages as bench/scenarios/<name>.py with two functions:
#   build(args, *, district, operator) -> None   bulk-creates its data (honours args.scale)
#   urls(ctx) -> list[dict]                      label, path, kind ("html" | "api" | "write"), who,
#                                                 cookie; writes add method, lua (wrk script), target_rps
# See bench/README.md.


def load_scenarios(names: str) -> list:
    import importlib.util

    folder = BENCH_DIR / "scenarios"
    wanted = {n.strip() for n in names.split(",") if n.strip()}
    found = []
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_") or (wanted and path.stem not in wanted):
            continue
        spec = importlib.util.spec_from_file_location(f"bench_scenario_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.NAME = path.stem
        found.append(module)
    return found


class Context:
    """What a scenario's `urls(ctx)` gets: the big district, the operator, and ways to log people in."""

    def __init__(self, district, operator, tmp: Path):
        self.district = district
        self.operator = operator
        self.tmp = tmp

    def login(self, user) -> str:
        """A real session for `user` in the shared session store: the Cookie header value."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def csrf(self, cookie: str | None = None) -> tuple[str, str]:
        """(cookie header with a csrftoken added, the token for the X-CSRFToken header)."""
        from django.conf import settings
        from django.utils.crypto import get_random_string

        token = get_random_string(32)  # an unmasked secret: Django accepts it as cookie and header
        pair = f"{settings.CSRF_COOKIE_NAME}={token}"
        return (f"{cookie}; {pair}" if cookie else pair), token


def _network_analytics():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_network_analytics", BENCH_DIR / "network_analytics.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_ties, module.load_network


# --- database ----------------------------------------------------------------------------------


def reset_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in {"postgres", "postgresql"} or "bench" not in name:
        sys.exit(
            f"Refusing to touch database {name!r}: DATABASE_URL must name a PostgreSQL *bench* database."
        )
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build_data(args) -> dict:
    """Bulk-create the dataset. Returns timings."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from madang.accounts.models import Role, RoleAssignment, User
    from madang.districts.models import District, Dong
    from madang.districts.services import reference_data_load
    from madang.network.models import (
        IssueArea,
        Membership,
        Network,
        Organisation,
        OrgKind,
        Person,
        Resource,
        Tie,
    )

    generate_ties, load_network = _network_analytics()

    timings = {}
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - start
    start = time.perf_counter()
    reference_data_load()
    big = District.objects.get(slug=BIG_DISTRICT)
    load_network(big, orgs=args.orgs, ties=args.ties, seed=42)
    rng = random.Random(7)  # noqa: S311 - benchmark data
    now = timezone.now()
    others = list(District.objects.exclude(pk=big.pk).order_by("code")[: args.districts])
    areas = list(IssueArea.objects.filter(district__isnull=True))
    kinds = list(OrgKind.values)
    with transaction.atomic():
        for district in others:
            orgs = Organisation.objects.bulk_create(
                [
                    Organisation(
                        district=district,
                        name=f"{district.name} 단체 {i:04d}",
                        kind=rng.choice(kinds),
                        founded_year=rng.randint(1995, 2023),
                    )
                    for i in range(args.small_orgs)
                ]
            )
            through = Organisation.issue_areas.through
            through.objects.bulk_create(
                [through(organisation_id=o.pk, issuearea_id=rng.choice(areas).pk) for o in orgs]
            )
            pairs = generate_ties(rng, len(orgs), len(orgs) * 5, [0] * len(orgs))
            Tie.objects.bulk_create(
                [
                    Tie(
                        district=district,
                        source_id=orgs[a].pk,
                        target_id=orgs[b].pk,
                        kind=rng.choice(Tie.Kind.values),
                        origin=Tie.Origin.IMPORT,
                    )
                    for a, b in pairs
                ],
                batch_size=5000,
            )
        for district in [big, *others]:
            Network.objects.get_or_create(district=district, defaults={"name": f"{district.name} 네트워크"})
            orgs = list(Organisation.objects.filter(district=district).values_list("pk", flat=True))
            dongs = list(Dong.objects.filter(district=district).values_list("pk", flat=True)) or [None]
            Membership.objects.bulk_create(
                [
                    Membership(
                        district=district,
                        organisation_id=pk,
                        status=rng.choice([Membership.Status.APPROVED] * 3 + [Membership.Status.APPLIED]),
                        applied_at=now - datetime.timedelta(days=rng.randint(1, 700)),
                        decided_at=now - datetime.timedelta(days=rng.randint(0, 1)),
                    )
                    for pk in orgs[: len(orgs) // 2]
                ],
                batch_size=5000,
            )
            people = 200 if district == big else 30
            users = User.objects.bulk_create(
                [
                    User(email=f"bench-{district.slug}-{i}@example.org", display_name=f"활동가 {i}")
                    for i in range(people)
                ]
            )
            persons = Person.objects.bulk_create(
                [
                    Person(
                        user=u,
                        district=district,
                        dong_id=rng.choice(dongs),
                        consent_at=now,
                        skills="회의 진행",
                    )
                    for u in users
                ]
            )
            Membership.objects.bulk_create(
                [
                    Membership(
                        district=district,
                        person=p,
                        status=Membership.Status.APPROVED,
                        applied_at=now - datetime.timedelta(days=rng.randint(1, 700)),
                        decided_at=now,
                    )
                    for p in persons[: people // 2]
                ]
            )
            Resource.objects.bulk_create(
                [
                    Resource(
                        district=district,
                        name=f"공유 자원 {i}",
                        kind=rng.choice(Resource.Kind.values),
                        owner_id=rng.choice(orgs),
                        dong_id=rng.choice(dongs),
                    )
                    for i in range(100 if district == big else 20)
                ]
            )
        operator = User.objects.create_user(
            email="operator@bench.example.org", password=None, display_name="벤치 운영진"
        )
        RoleAssignment.objects.create(user=operator, district=big, role=Role.OPERATOR)
    timings["data"] = time.perf_counter() - start
    return timings


# --- server ------------------------------------------------------------------------------------


def free_port() -> int:
    for port in range(8200, 8300):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit("No free port in 8200–8299.")


def wait_until_up(port: int, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz in time")


# --- measurement -------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * _UNITS[unit]


def wrk(port: int, path: str, args, cookie: str | None, duration: int, script: Path | None = None) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "5s",
        "-H",
        "Accept-Language: ko",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    command.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 30, check=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "99"):
        match = re.search(rf"^\s+{pct}(?:\.0+)?%\s+(\S+)", out, re.MULTILINE)
        result[f"p{pct}"] = _ms(match.group(1)) if match else float("nan")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: .*", out)
    result["non2xx"] = int(bad.group(1)) if bad else 0
    result["socket_errors"] = errors.group(0) if errors else ""
    return result


def count_queries(client, path: str) -> tuple[int, int, int]:
    """(status, queries on a cold request, queries on the next, warm, one)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        from madang.core.cache import version_bump
    except ImportError:  # before page caching existed
        pass
    else:
        version_bump(None)  # every cached page is stale now: the next request is a cold one
    with CaptureQueriesContext(connection) as cold:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="ko")
    with CaptureQueriesContext(connection) as warm:
        client.get(path, HTTP_ACCEPT_LANGUAGE="ko")
    return response.status_code, len(cold), len(warm)


def main(argv=None) -> int:
    args = parse_args(argv)
    command = shlex.join(getattr(sys, "orig_argv", [sys.executable, *sys.argv]))
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("bench-http timed out")))
    signal.alarm(args.timeout)
    if not shutil.which("wrk"):
        print("wrk is missing: installing the Debian package (apt-get install wrk)…", flush=True)
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=True)

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", SECRET_KEY),
        "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1"),
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "0",
        "MADANG_PAGE_CACHE": "0" if args.uncached else "1",
    }
    os.environ.update(env)
    if not args.skip_data:
        reset_database(database_url)

    import django

    django.setup()
    import redis
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from madang.accounts.models import User
    from madang.districts.models import District
    from madang.network.models import Organisation

    redis.Redis.from_url(redis_url).flushdb()
    scenarios = [] if args.scenarios == "none" else load_scenarios(args.scenarios)
    timings = {} if args.skip_data else build_data(args)
    big = District.objects.get(slug=BIG_DISTRICT)
    operator = User.objects.get(email="operator@bench.example.org")
    if not args.skip_data:
        for scenario in scenarios:
            start = time.perf_counter()
            scenario.build(args, district=big, operator=operator)
            timings[scenario.NAME] = time.perf_counter() - start
    start = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    timings["collectstatic"] = time.perf_counter() - start

    org = Organisation.objects.filter(district=big).order_by("-pk").first()
    client = Client()
    client.force_login(operator)  # a real session in the shared Redis: the server accepts it
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    d = big.slug
    urls = [{"label": "healthz", "path": "/healthz", "kind": "healthz", "who": "anonymous"}]
    for label, path, kind in [
        ("district home", f"/{d}/", "html"),
        ("directory", f"/{d}/network/organisations/", "html"),
        ("directory p50", f"/{d}/network/organisations/?page=50", "html"),
        ("organisation", f"/{d}/network/organisations/{org.pk}/", "html"),
        ("analytics", f"/{d}/network/analytics/", "html"),
        ("API organisations", f"/api/v1/{d}/organisations/", "api"),
    ]:
        urls.append({"label": label, "path": path, "kind": kind, "who": "anonymous"})
        urls.append({"label": label, "path": path, "kind": kind, "who": "operator", "cookie": cookie})
    tmp = Path(tempfile.mkdtemp(prefix="madang-bench-"))
    ctx = Context(big, operator, tmp)
    for scenario in scenarios:
        for url in scenario.urls(ctx):
            urls.append(
                {"who": "anonymous", "cookie": None, **url, "label": f"{scenario.NAME}: {url['label']}"}
            )
    if args.only:
        wanted = {label.strip() for label in args.only.split(",")}
        urls = [
            u
            for u in urls
            if u["label"] in wanted or u["label"].split(":")[0] in wanted or u["kind"] == "healthz"
        ]

    # queries per request, through the test client against the same database and cache (reads only)
    queries = {}
    for url in urls:
        if url["kind"] == "write":
            continue
        c = Client()
        if url.get("cookie"):
            for part in url["cookie"].split(";"):
                name, _, value = part.strip().partition("=")
                c.cookies[name] = value
        queries[(url["label"], url["who"])] = count_queries(c, url["path"])

    port = free_port()
    gunicorn = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env, start_new_session=True)
    rows = []
    try:
        wait_until_up(port)
        for i, url in enumerate(urls):
            script = None
            if url.get("lua"):
                script = tmp / f"script{i}.lua"
                script.write_text(url["lua"])
            if args.warmup and url["kind"] != "write":
                wrk(port, url["path"], args, url.get("cookie"), args.warmup, script)
            result = wrk(port, url["path"], args, url.get("cookie"), args.duration, script)
            rows.append((url, result))
            print(
                f"  {url['label']:<28} {url['who']:<9} {result['rps']:8.0f} req/s  "
                f"p50 {result['p50']:6.1f} ms  p99 {result['p99']:6.1f} ms  non-2xx {result['non2xx']}",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        signal.alarm(0)
        shutil.rmtree(tmp, ignore_errors=True)

    healthz = next((r["rps"] for u, r in rows if u["kind"] == "healthz"), None)
    load = os.getloadavg()
    print()
    print(f"Command: {command}")
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL, gunicorn "
        f"{args.workers} workers (config.settings.prod, CONN_MAX_AGE="
        f"{settings.DATABASES['default']['CONN_MAX_AGE']}), Redis cache+sessions, page cache "
        f"{'off' if args.uncached else 'on'}; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s; {os.cpu_count()} CPUs "
        f"{platform.machine()}; load average (1 min) at start {load_before:.2f}, at end {load[0]:.2f}"
    )
    print(
        f"Data: {Organisation.objects.filter(district=big).count():,} organisations in {big.slug}, "
        f"{args.districts} other districts with {args.small_orgs} each; "
        + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
    )
    print(
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {time.monotonic() - started:.0f} s in all"
    )
    print()
    print("| URL | who | req/s | p50 ms | p99 ms | SQL/req warm (cold) | × /healthz | target | non-2xx |")
    print("|---|---|---:|---:|---:|---:|---:|---|---:|")
    for url, r in rows:
        kind = url["kind"]
        if kind == "write":
            sql, status = "–", 200
        else:
            status, cold, warm = queries[(url["label"], url["who"])]
            sql = f"{warm} ({cold})"
        goal = url.get("target_rps") or TARGETS[kind]
        ratio = r["rps"] / healthz if healthz else float("nan")
        ok = r["rps"] >= goal and r["p99"] <= P99_TARGET_MS and status == 200 and not r["non2xx"]
        target = f"≥{goal}/s, p99≤{P99_TARGET_MS} ms {'✓' if ok else '✗'}"
        method = url.get("method", "GET")
        shown = url["path"] if method == "GET" else f"{method} {url['path']}"
        print(
            f"| `{shown}` | {url['who']} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {sql} | "
            f"{ratio:.2f} | {target} | {r['non2xx']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
