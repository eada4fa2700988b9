"""bench-http scenario for participatory budgeting ballots (interface: see bench/README.md).

build(): two cycles in the big district, in SQL-speed bulk inserts:
- `budget-bench-vote`, voting open now: a district-wide heading and 12 dong headings, 120 shortlisted
  projects, 45,000 verified voters (accounts with the 주민 role and a `residents` verification; one
  shared password hash), and 30,000 of them have already voted;
- `budget-bench-done`, closed: 45,000 voters' ballots and the published results.
urls(): the voting page of a verified voter, the vote overview, the published results page and API,
and the ballot PUT: a wrk Lua script rotating 600 voters' sessions and CSRF tokens, each request a real
ballot replacement (alternating between two valid ballots so every write changes the choices).
`args.scale` scales the voters (e.g. 0.01 → 450).
"""

from __future__ import annotations

import datetime
import json

VOTERS = 45_000
ALREADY_VOTED = 30_000
PROJECTS = 120
DONG_HEADINGS = 12
ROTATING_VOTERS = 600
SLUG_VOTE = "budget-bench-vote"
SLUG_DONE = "budget-bench-done"


def _cycle(district, slug, *, open_now: bool):
    from django.utils import timezone

    from madang.budgeting.models import ChannelWeight, Cycle, Heading, Project
    from madang.districts.models import Dong
    from madang.processes.models import Phase, Process

    now = timezone.now()
    process = Process.objects.create(
        district=district,
        kind=Process.Kind.BUDGETING,
        title=f"벤치마크 주민참여예산 ({slug})",
        slug=slug,
        starts_on=(now - datetime.timedelta(days=60)).date(),
        ends_on=(now + datetime.timedelta(days=40)).date(),
        is_published=True,
    )
    if open_now:
        window = (now - datetime.timedelta(days=5), now + datetime.timedelta(days=30))
    else:
        window = (now - datetime.timedelta(days=40), now - datetime.timedelta(days=10))
    Phase.objects.create(
        process=process, name="주민 투표", features=["vote"], starts_at=window[0], ends_at=window[1]
    )
    cycle = Cycle.objects.create(
        district=district, process=process, year=now.year, ballot_kind="knapsack", knapsack_min_share=0
    )
    for channel, weight in ChannelWeight.PRESETS["2018"].items():
        ChannelWeight.objects.create(cycle=cycle, channel=channel, weight=weight)
    dongs = list(Dong.objects.in_district(district).order_by("pk")[:DONG_HEADINGS])
    for i in range(DONG_HEADINGS - len(dongs)):
        dongs.append(Dong.objects.create(district=district, code=f"98{i:08d}", name=f"벤치{i:02d}동"))
    headings = [Heading.objects.create(cycle=cycle, name="구 단위", kind="district", amount=3_000_000_000)]
    for i, dong in enumerate(dongs):
        headings.append(
            Heading.objects.create(
                cycle=cycle, name=f"{dong.name} 예산", kind="dong", dong=dong, amount=300_000_000, order=i + 1
            )
        )
    Project.objects.bulk_create(
        [
            Project(
                cycle=cycle,
                heading=headings[0] if i % 3 == 0 else headings[1 + (i - i // 3 - 1) % DONG_HEADINGS],
                title=f"벤치마크 사업 {i:03d}",
                description="벤치마크",
                cost=20_000_000 + (i * 7_919_000) % 180_000_000,
                status=Project.Status.SHORTLISTED,
            )
            for i in range(PROJECTS)
        ]
    )
    return cycle, headings, dongs


def _ballots_sql(cursor, cycle, *, voters_from: int, voters_to: int) -> None:
    """One ballot in the district-wide heading for voters [from, to) of the cycle, within its money:
    1–3 consecutive projects from a skewed start (each project ≤ 200,000,000원, the pot 3,000,000,000원)."""
    c = cycle.pk
    cursor.execute(
        f"""
        INSERT INTO budgeting_ballot (cycle_id, heading_id, voter_id, identity_key, channel, total_cost,
                                      picks, entered_by_id, created_at, updated_at)
        SELECT {c}, (SELECT id FROM budgeting_heading WHERE cycle_id = {c} AND kind = 'district'),
               v.id, v.identity_key, v.channel, 0, 1 + v.id % 3, NULL, now(), now()
        FROM budgeting_voter v WHERE v.cycle_id = {c}
        ORDER BY v.id OFFSET {voters_from} LIMIT {voters_to - voters_from}"""  # noqa: S608 - integers
    )
    cursor.execute(
        f"""
        WITH hp AS (SELECT array_agg(p.id ORDER BY p.id) AS ids, count(*) AS m FROM budgeting_project p
                    JOIN budgeting_heading h ON h.id = p.heading_id
                    WHERE p.cycle_id = {c} AND h.kind = 'district')
        INSERT INTO budgeting_ballotchoice (ballot_id, project_id, cycle_id, channel)
        SELECT b.id, hp.ids[1 + ((b.start + j) % hp.m)], {c}, b.channel
        FROM (SELECT id, channel, picks, floor(power(random(), 2) * 1000)::int AS start
              FROM budgeting_ballot WHERE cycle_id = {c}) b
        CROSS JOIN hp CROSS JOIN LATERAL generate_series(0, b.picks - 1) j"""  # noqa: S608 - integers
    )
    cursor.execute(
        f"""
        UPDATE budgeting_ballot b SET total_cost = s.total
        FROM (SELECT ch.ballot_id, sum(p.cost) AS total FROM budgeting_ballotchoice ch
              JOIN budgeting_project p ON p.id = ch.project_id
              WHERE ch.cycle_id = {c} GROUP BY ch.ballot_id) s
        WHERE s.ballot_id = b.id AND b.cycle_id = {c}"""  # noqa: S608 - integers
    )


def build(args, *, district, operator) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from madang.accounts.models import Role, RoleAssignment
    from madang.budgeting.ballot_services import results_publish
    from madang.core.services import SYSTEM
    from madang.residents.models import ResidentVerification

    scale = float(getattr(args, "scale", 1.0) or 1.0)
    voters = max(20, int(VOTERS * scale))
    already = min(voters - 10, int(ALREADY_VOTED * scale))
    User = get_user_model()
    with transaction.atomic():
        vote_cycle, _headings, dongs = _cycle(district, SLUG_VOTE, open_now=True)
        done_cycle, _h, _d = _cycle(district, SLUG_DONE, open_now=False)
        password = make_password("bench-voter-password")
        users = User.objects.bulk_create(
            [
                User(email=f"bench-voter-{i}@example.org", display_name=f"투표자 {i}", password=password)
                for i in range(voters)
            ],
            batch_size=5000,
        )
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, district=district, role=Role.RESIDENT) for u in users], batch_size=5000
        )
        ResidentVerification.objects.bulk_create(
            [
                ResidentVerification(
                    district=district,
                    process=vote_cycle.process,
                    user=u,
                    identity_key=f"{i:064x}",
                    dong=dongs[i % len(dongs)],
                    birth_date=datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                    method=ResidentVerification.Method.REGISTRY,
                )
                for i, u in enumerate(users)
            ],
            batch_size=5000,
        )
        c_vote, c_done = vote_cycle.pk, done_cycle.pk
        user_ids = [u.pk for u in users]
        with connection.cursor() as cursor:
            # voters of the open cycle: the first `already` verified accounts have voted online
            cursor.execute(
                f"""
                INSERT INTO budgeting_voter
                    (cycle_id, identity_key, user_id, channel, dong_id, age_band, created_at)
                SELECT {c_vote}, v.identity_key, v.user_id, 'online', v.dong_id,
                       (ARRAY['10','20','30','40','50','60','70'])[1 + v.id %% 7], now()
                FROM residents_residentverification v WHERE v.process_id = {vote_cycle.process_id}
                  AND v.user_id = ANY(%s)""",  # noqa: S608 - integers
                [user_ids[:already]],
            )
            _ballots_sql(cursor, vote_cycle, voters_from=0, voters_to=already)
            # the closed cycle: anonymous identities (as after accounts were deleted), 10 % on paper
            cursor.execute(
                f"""
                INSERT INTO budgeting_voter
                    (cycle_id, identity_key, user_id, channel, dong_id, age_band, created_at)
                SELECT {c_done}, md5(i::text) || md5((-i)::text), NULL,
                       CASE WHEN i % 10 = 0 THEN 'offline' ELSE 'online' END,
                       (ARRAY[{",".join(str(d.pk) for d in dongs)}])[1 + i % {len(dongs)}],
                       (ARRAY['10','20','30','40','50','60','70'])[1 + i % 7], now()
                FROM generate_series(1, {voters}) i"""  # noqa: S608 - integers
            )
            _ballots_sql(cursor, done_cycle, voters_from=0, voters_to=voters)
        results_publish(actor=SYSTEM, district=district, cycle=done_cycle)
    with connection.cursor() as cursor:
        for table in ("budgeting_voter", "budgeting_ballot", "budgeting_ballotchoice"):
            cursor.execute(f"ANALYZE {table}")


def _lua(sessions: list[tuple[str, str]], bodies: list[str]) -> str:
    """wrk script: request i uses voter i mod N (cookie + CSRF token) and body i mod 2."""
    rows = ",\n".join(f"  {{{json.dumps(cookie)}, {json.dumps(token)}}}" for cookie, token in sessions)
    body_rows = ",\n".join(f"  {json.dumps(b)}" for b in bodies)
    return f"""
local sessions = {{
{rows}
}}
local bodies = {{
{body_rows}
}}
local counter = 0
request = function()
  counter = counter + 1
  local s = sessions[(counter % #sessions) + 1]
  local body = bodies[(math.floor(counter / #sessions) % #bodies) + 1]
  local headers = {{}}
  headers["Cookie"] = s[1]
  headers["X-CSRFToken"] = s[2]
  headers["Content-Type"] = "application/json"
  headers["Referer"] = wrk.scheme .. "://" .. wrk.host .. ":" .. wrk.port .. "/"
  return wrk.format("PUT", wrk.path, headers, body)
end
"""


def urls(ctx) -> list[dict]:
    from django.contrib.auth import get_user_model

    from madang.budgeting.models import Cycle, Heading, Project

    district = ctx.district
    vote = Cycle.objects.get(district=district, process__slug=SLUG_VOTE)
    done = Cycle.objects.get(district=district, process__slug=SLUG_DONE)
    wide = Heading.objects.get(cycle=vote, kind="district")
    projects = list(Project.objects.filter(heading=wide).order_by("pk").values_list("pk", flat=True))
    User = get_user_model()
    voters = list(User.objects.filter(email__startswith="bench-voter-").order_by("pk")[: ROTATING_VOTERS + 1])
    page_voter = ctx.login(voters[0])
    sessions = [ctx.csrf(ctx.login(user)) for user in voters[1:]]
    bodies = [
        json.dumps({"heading": wide.pk, "projects": projects[0:3]}),
        json.dumps({"heading": wide.pk, "projects": projects[3:5]}),
    ]
    base = f"/{district.slug}/budgeting"
    # the cycle side (budgeting-core): overview, project list (filtered too), a project, the projects API
    cycle_pages = [
        ("budget-cycle", f"{base}/{SLUG_VOTE}/", "html"),
        ("budget-projects", f"{base}/{SLUG_VOTE}/projects/", "html"),
        ("budget-projects-heading", f"{base}/{SLUG_VOTE}/projects/?heading={wide.pk}&order=cost", "html"),
        ("budget-project", f"{base}/{SLUG_VOTE}/projects/{projects[0]}/", "html"),
        ("budget-projects-api", f"/api/v1/{district.slug}/budgeting/cycles/{vote.pk}/projects/", "api"),
    ]
    return [
        *(
            {"label": label, "path": path, "kind": kind, "who": "anonymous", "cookie": None}
            for label, path, kind in cycle_pages
        ),
        {
            "label": "budget-vote-page",
            "path": f"{base}/{SLUG_VOTE}/vote/{wide.pk}/",
            "kind": "html",
            "who": "user",
            "cookie": page_voter,
        },
        {
            "label": "budget-vote-home",
            "path": f"{base}/{SLUG_VOTE}/vote/",
            "kind": "html",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "budget-results",
            "path": f"{base}/{SLUG_DONE}/results/",
            "kind": "html",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "budget-results-api",
            "path": f"/api/v1/{district.slug}/budgeting/cycles/{done.pk}/results/",
            "kind": "api",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "budget-ballot-put",
            "path": f"/api/v1/{district.slug}/budgeting/cycles/{vote.pk}/ballot/",
            "kind": "write",
            "who": "user",
            "cookie": None,
            "method": "PUT",
            "lua": _lua([(cookie, token) for cookie, token in sessions], bodies),
            "target_rps": 300,
        },
    ]
