"""Proposals in the HTTP benchmark: 100,000 proposals and 2,000,000 supports in the bench district
(at --scale 1.0), built with INSERT … SELECT generate_series on PostgreSQL (no ORM row by row); pages:
the index (page 1 and a filtered, sorted page), a proposal, the API list; write: support POST through
the API, every request a real new support of a distinct (resident, proposal) pair, rotating many
residents' sessions and CSRF tokens in a wrk Lua script.

Interface: `build(args, district=, operator=)` then `urls(ctx)` (see bench/http.py)."""

from __future__ import annotations

import datetime
import json
import math
import time

PROCESS_SLUG = "bench-proposals"
# residents with no support yet: the write benchmark's actors; each writes once per WRITERS requests,
# well under the API's per-account write throttle (60/min) at 300+ req/s
WRITERS = 1000
MIX = 7  # proposal = (k * (1 + MIX * W) + MIX * w) mod P: for one writer, k -> proposal is one-to-one
OPEN_FOR_WRITES = 5000  # open proposals the write benchmark rotates through
STAGE_CYCLE = ["support"] * 14 + ["deliberation"] * 2 + ["decision", "institutionalised", "execution", "done"]


def _insert_select(cursor, model, exprs: dict, source: str, params: list) -> int:
    """INSERT INTO model (every concrete column) SELECT <expr or the field's default> FROM <source>.

    Expressions are SQL built here from numbers and constants (no placeholders: `%%` for a literal %);
    only the defaults and the `source`'s placeholders are parameters, in that order.
    Columns not named in `exprs` get their Django default (or NULL) as a parameter, so new fields on
    the model (moderation, …) need no change here."""
    columns, values, args = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(f'"{field.column}"')
        if field.attname in exprs:
            values.append(exprs[field.attname])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values.append("now()")
        elif field.has_default() or not field.null:
            values.append("%s")
            args.append(field.get_db_prep_save(field.get_default(), cursor.db))
        else:
            values.append("NULL")
    table = model._meta.db_table
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) SELECT {", ".join(values)} FROM {source}'  # noqa: S608
    cursor.execute(sql, args + params)
    return cursor.rowcount


def _without_indexes(cursor, tables):
    """Drop the secondary indexes of `tables` (the primary keys stay) and give back the statements that
    recreate them: building an index once over the loaded rows is much faster than row by row."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef, c.conname FROM pg_indexes i "
        "LEFT JOIN pg_constraint c ON c.conname = i.indexname AND c.contype = 'u' "
        "WHERE i.tablename = ANY(%s) AND i.indexname NOT LIKE '%%_pkey'",
        [list(tables)],
    )
    recreate = []
    for name, definition, constraint in cursor.fetchall():
        table = definition.split(" ON ")[1].split()[0]
        if constraint:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            columns = definition[definition.index("(") :]
            recreate.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE {columns}")
        else:
            cursor.execute(f'DROP INDEX "{name}"')
            recreate.append(definition)
    return recreate


def build(args, *, district, operator) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from madang.accounts.models import Role, RoleAssignment, User
    from madang.districts.models import Dong
    from madang.processes.models import Phase, Process
    from madang.proposals import services
    from madang.proposals.models import Proposal, StageChange, Support

    scale = float(getattr(args, "scale", 1.0) or 1.0)
    n_proposals = max(int(100_000 * scale), 200)
    n_users = max(int(20_000 * scale), 100)
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        process = Process.objects.create(
            district=district,
            kind=Process.Kind.PROPOSALS,
            title="벤치 시민제안",
            slug=PROCESS_SLUG,
            starts_on=timezone.localdate() - datetime.timedelta(days=365),
            ends_on=timezone.localdate() + datetime.timedelta(days=365),
            is_published=True,
        )
        Phase.objects.create(
            process=process,
            name="제안·공감",
            features=["propose", "support"],
            starts_at=now - datetime.timedelta(days=365),
            ends_at=now + datetime.timedelta(days=365),
        )
        services.tiers_apply_preset(
            actor=operator, district=district, process=process, preset="democracy_seoul"
        )
        dongs = list(Dong.objects.in_district(district).values_list("pk", flat=True)) or [None]
        with connection.cursor() as cursor:
            # a bulk load of rows correct by construction: no per-row foreign-key triggers (the ids come
            # from the rows just inserted) and the big tables' indexes built once at the end
            cursor.execute("SET LOCAL session_replication_role = replica")
            recreate = _without_indexes(
                cursor, [Proposal._meta.db_table, Support._meta.db_table, StageChange._meta.db_table]
            )
            # residents: seeded supporters, then the writers (who have supported nothing)
            for prefix, count in (("bench-resident", n_users), ("bench-writer", WRITERS)):
                _insert_select(
                    cursor,
                    User,
                    {
                        "password": "'!'",
                        "email": f"'{prefix}-' || g || '@bench.example.org'",
                        "display_name": "'주민' || g",
                        "date_joined": "now() - interval '90 days'",
                        "privacy_consent_at": "now()",
                    },
                    "generate_series(1, %s) g",
                    [count],
                )
            _insert_select(
                cursor,
                RoleAssignment,
                {"user_id": "u.id", "district_id": str(int(district.pk)), "role": f"'{Role.RESIDENT.value}'"},
                f'"{User._meta.db_table}" u WHERE u.email LIKE %s',
                ["bench-%@bench.example.org"],
            )
            cursor.execute(
                f'SELECT min(id), count(*) FROM "{User._meta.db_table}" WHERE email LIKE %s',  # noqa: S608
                ["bench-resident-%"],
            )
            first_user, users = cursor.fetchone()
            # proposals: every stage; open ones published within the last 25 days (not expired)
            stages = "ARRAY[" + ",".join(f"'{s}'" for s in STAGE_CYCLE) + "]"
            dong_array = "ARRAY[" + ",".join("NULL" if d is None else str(d) for d in dongs) + "]::integer[]"
            created = "now() - ((g %% 25) || ' days')::interval - (g || ' seconds')::interval"
            _insert_select(
                cursor,
                Proposal,
                {
                    "created_at": created,
                    "updated_at": created,
                    "district_id": str(int(district.pk)),
                    "process_id": str(int(process.pk)),
                    "title": "'벤치 제안 ' || g || ' 골목길 가로등과 쉼터'",
                    "body": "'우리 동네 ' || g || '번 제안입니다. 밤길이 어두워 가로등을 더 달아 주세요.'",
                    "dong_id": f"({dong_array})[1 + g %% {len(dongs)}]",
                    "stage": f"({stages})[1 + g %% {len(STAGE_CYCLE)}]",
                    "review": "'approved'",
                    "published_at": created,
                    "expires_at": f"{created} + interval '30 days'",
                    "support_ends_at": f"{created} + interval '30 days'",
                    "support_count": "0",
                    "tier_reached": "0",
                },
                "generate_series(1, %s) g",
                [n_proposals],
            )
            table = Proposal._meta.db_table
            # supports: proposal p gets (p.id mod 41) distinct residents (20 on average, all < 50: no tier
            # is crossed yet), so 100,000 proposals carry about 2,000,000 supports
            _insert_select(
                cursor,
                Support,
                {
                    "proposal_id": "p.id",
                    "user_id": f"{first_user} + ((p.id * 31 + j) %% {users})",
                    "created_at": "p.created_at + (j || ' minutes')::interval",
                },
                f'"{table}" p CROSS JOIN LATERAL generate_series(0, (p.id %% 41) - 1) j '
                "WHERE p.district_id = %s",
                [district.pk],
            )
            cursor.execute(
                f'UPDATE "{table}" p SET support_count = c.n FROM (SELECT proposal_id, count(*) AS n '  # noqa: S608
                f'FROM "{Support._meta.db_table}" GROUP BY proposal_id) c WHERE p.id = c.proposal_id',
            )
            _insert_select(
                cursor,
                StageChange,
                {
                    "proposal_id": "p.id",
                    "from_stage": "''",
                    "to_stage": "'support'",
                    "actor_label": "'system'",
                    "created_at": "p.created_at",
                },
                f'"{table}" p WHERE p.district_id = %s',
                [district.pk],
            )
            cursor.execute("SET LOCAL session_replication_role = origin")
            for statement in recreate:
                cursor.execute(statement)
    with connection.cursor() as cursor:
        for model in (Proposal, Support, StageChange, User, RoleAssignment):
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    print(
        f"proposals: {n_proposals} proposals, {Support.objects.count()} supports, {users} residents "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


LUA = r"""
-- every request: a new support of a distinct (writer, proposal) pair; threads interleave by tid and
-- a random offset per run keeps runs on pairs not used before
local creds = %(creds)s
local proposals = %(proposals)s
local slug = "%(slug)s"
local W, P = #creds, #proposals
-- tid and offset are globals: setup() gives each thread its own with thread:set
tid, offset = 0, 0
local counter = 0
local next_tid = 0

function setup(thread)
  if next_tid == 0 then
    math.randomseed(os.time())
    shared_offset = math.random(0, W * P - 1)
  end
  thread:set("tid", next_tid)
  thread:set("offset", shared_offset)
  next_tid = next_tid + 1
end

function request()
  -- idx -> (writer w, k): consecutive requests go to different writers and different proposals, and
  -- a writer's k-th request goes to a proposal it never supported (P is coprime with 1 + MIX * W)
  local idx = (offset + counter * 64 + tid) %% (W * P)
  counter = counter + 1
  local w = idx %% W
  local k = math.floor(idx / W)
  local p = proposals[((k * (1 + %(mix)s * W) + %(mix)s * w) %% P) + 1]
  local c = creds[w + 1]
  return wrk.format("POST", "/api/v1/" .. slug .. "/proposals/" .. p .. "/support/",
    {["Cookie"] = c[1], ["X-CSRFToken"] = c[2], ["Accept-Language"] = "ko", ["Content-Length"] = "0"}, "")
end
"""


def _lua_table(items) -> str:
    return "{" + ",".join(items) + "}"


def urls(ctx) -> list[dict]:
    from madang.accounts.models import User
    from madang.proposals.models import Proposal, Stage

    slug = ctx.district.slug
    public = Proposal.objects.in_district(ctx.district).public()
    top = public.filter(stage=Stage.SUPPORT).order_by("-support_count", "-id").first()
    open_ids = list(
        public.filter(stage=Stage.SUPPORT).order_by("-id").values_list("pk", flat=True)[:OPEN_FOR_WRITES]
    )
    while open_ids and math.gcd(len(open_ids), 1 + MIX * WRITERS) != 1:
        open_ids.pop()
    creds = []
    for user in User.objects.filter(email__startswith="bench-writer-").order_by("pk")[:WRITERS]:
        cookie, token = ctx.csrf(ctx.login(user))
        creds.append("{" + json.dumps(cookie) + "," + json.dumps(token) + "}")
    lua = LUA % {
        "creds": _lua_table(creds),
        "proposals": _lua_table(str(pk) for pk in open_ids),
        "slug": slug,
        "mix": MIX,
    }
    operator_cookie = ctx.login(ctx.operator)
    base = f"/{slug}/proposals/"
    return [
        {"label": "proposals index", "path": base, "kind": "html", "who": "anonymous", "cookie": None},
        {
            "label": "proposals index (operator)",
            "path": base,
            "kind": "html",
            "who": "operator",
            "cookie": operator_cookie,
        },
        {
            "label": "proposals filtered",
            "path": f"{base}?stage=support&sort=supported&page=3",
            "kind": "html",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "proposal detail",
            "path": f"{base}{top.pk}/",
            "kind": "html",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "api proposals",
            "path": f"/api/v1/{slug}/proposals/",
            "kind": "api",
            "who": "anonymous",
            "cookie": None,
        },
        {
            "label": "support POST (api)",
            "path": f"/api/v1/{slug}/proposals/{open_ids[0]}/support/",
            "kind": "write",
            "who": "user",
            "cookie": None,
            "method": "POST",
            "lua": lua,
            "target_rps": 300,
        },
    ]


__all__ = ["build", "urls"]
