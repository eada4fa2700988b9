"""Two app servers and one worker against one PostgreSQL and one Redis (the production layout).

Shows that writes through both servers stay exact, that the cache is shared (a change made through
one server is seen at once through the other), and that e-mails queued by a request are sent by
the worker. The processes use config.settings.scale_out against the test database; every wait is
bounded, and every process is stopped in the fixture's teardown."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.models import AuditEntry, Notification
from madang.districts.models import District
from madang.districts.services import reference_data_load
from madang.network.models import Membership, Tie
from madang.network.tests.factories import OrganisationFactory, editor_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
REDIS_URL = os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/13")
CSRF = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and header
APPLICANTS = 8
START_SECONDS = 20
MAIL_SECONDS = 20
GUNICORN = ["--workers", "1", "--threads", "4", "--timeout", "30", "--graceful-timeout", "2"]


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    return client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, *, session: str = "", data: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Cookie": f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")}
        body = None
        if method == "POST":
            headers["X-CSRFToken"] = CSRF
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(data or {})
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read().decode()
        finally:
            conn.close()


@pytest.fixture
def cluster(tmp_path):
    """(server A, server B, mail directory, redis client); all three processes stopped afterwards."""
    redis_client = _redis()
    redis_client.flushdb()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.scale_out",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "EMAIL_FILE_PATH": str(mail_dir),
        "DEBUG": "0",
    }
    bin_dir = Path(sys.executable).parent
    ports = [_free_port(), _free_port()]
    commands = [
        [str(bin_dir / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", *GUNICORN]
        for port in ports
    ]
    commands.append(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
    )
    processes = []
    logs = []
    try:
        for number, command in enumerate(commands):
            log = open(tmp_path / f"process-{number}.log", "wb")  # noqa: SIM115 (closed below)
            logs.append(log)
            processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log))  # noqa: S603
        servers = [Server(port) for port in ports]
        deadline = time.monotonic() + START_SECONDS
        for server, process in zip(servers, processes, strict=False):
            while True:
                assert process.poll() is None, _logs(tmp_path)
                try:
                    if server.request("GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "servers did not start\n" + _logs(tmp_path)
                time.sleep(0.2)
        yield servers[0], servers[1], mail_dir, redis_client
        assert processes[2].poll() is None, "the worker died\n" + _logs(tmp_path)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for log in logs:
            log.close()
        redis_client.flushdb()


def _logs(tmp_path) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in tmp_path.glob("*.log"))


def _login(user) -> str:
    """A session for `user`, as the login view would store it (read by the servers from the database)."""
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _ties_shown(page: str) -> int:
    match = re.search(r"협력 관계</dt><dd>(\d+)건", page)
    assert match, page[:2000]
    return int(match.group(1))


def test_two_servers_and_a_worker_share_one_database_and_one_cache(cluster):
    server_a, server_b, mail_dir, redis_client = cluster
    servers = [server_a, server_b]
    reference_data_load()
    district = District.objects.get(slug="gangbuk")
    operator = user_with_role(Role.OPERATOR, district)
    organisations = [OrganisationFactory(district=district) for _n in range(APPLICANTS)]
    editors = [editor_of(org, email=f"rep{n}@example.kr") for n, org in enumerate(organisations)]
    editor_sessions = [_login(editor) for editor in editors]
    operator_session = _login(operator)

    # 1. writes through both servers stay exact ---------------------------------------------------
    apply_url = reverse("network:apply", args=[district.slug])

    def apply(n):
        data = {"applicant": str(organisations[n].pk), "consent": "on", "message": f"신청 {n}"}
        return servers[n % 2].request("POST", apply_url, session=editor_sessions[n], data=data)[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(apply, range(APPLICANTS))) == [302] * APPLICANTS
    memberships = list(Membership.objects.filter(district=district))
    assert len(memberships) == APPLICANTS
    assert {m.status for m in memberships} == {Membership.Status.APPLIED}

    # each application approved twice at the same moment, once through each server: one wins
    def approve(args):
        membership, server = args
        url = reverse("network:membership_decide", args=[district.slug, membership.pk])
        return server.request("POST", url, session=operator_session, data={"decision": "approve"})[0]

    races = [(membership, server) for membership in memberships for server in servers]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(approve, races)) == {302}
    assert (
        Membership.objects.filter(district=district, status=Membership.Status.APPROVED).count() == APPLICANTS
    )
    decisions = AuditEntry.objects.filter(object_type="network.membership", after__status="approved")
    assert decisions.count() == APPLICANTS  # one decision each, whatever verb the audit uses
    assert Notification.objects.filter(user__in=editors).count() == APPLICANTS

    # 2. the cache is shared: nothing stale after a change through the other server ----------------
    analytics = reverse("network:analytics", args=[district.slug])
    status, page = server_a.request("GET", analytics)
    assert status == 200 and _ties_shown(page) == 0
    assert len(redis_client.keys("*network-stats*")) == 1  # computed once, stored in Redis
    status, page = server_b.request("GET", analytics)
    assert status == 200 and _ties_shown(page) == 0
    assert len(redis_client.keys("*network-stats*")) == 1  # B read A's entry

    tie_url = reverse("network:tie_create", args=[district.slug, organisations[0].pk])
    status, _page = server_b.request(
        "POST",
        tie_url,
        session=editor_sessions[0],
        data={"other": str(organisations[1].pk), "kind": Tie.Kind.JOINT_PROJECT, "note": ""},
    )
    assert status == 302
    status, page = server_a.request("GET", analytics)
    assert status == 200 and _ties_shown(page) == 0  # one side only: waits for the other's confirmation
    pending = Tie.objects.get(district=district)
    decide_url = reverse("network:tie_decide", args=[district.slug, pending.pk])
    status, _page = server_b.request(
        "POST", decide_url, session=editor_sessions[1], data={"decision": "approve"}
    )
    assert status == 302
    status, page = server_a.request("GET", analytics)
    assert status == 200 and _ties_shown(page) == 1

    # 3. queued e-mails are sent by the worker ------------------------------------------------------
    wanted = {f"rep{n}@example.kr" for n in range(APPLICANTS)}
    sent: set[str] = set()
    deadline = time.monotonic() + MAIL_SECONDS
    while time.monotonic() < deadline:
        text = "".join(path.read_text(errors="replace") for path in mail_dir.glob("*.log"))
        sent = set(re.findall(r"^To: (\S+)$", text, flags=re.MULTILINE))
        if sent >= wanted:
            break
        time.sleep(0.2)
    assert sent == wanted
    assert text.count("Subject: ") == APPLICANTS  # once each, although each was approved twice
