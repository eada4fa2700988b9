"""The page walk: every HTML page of the site, as every kind of person, on a phone and a desktop.

The URL resolver is walked (as the tenancy walk does), so a new page is visited without anyone
listing it. Every page is checked for what a new user and an accessibility audit found in issue #7:

- nothing sticks out sideways (no horizontal scrolling at 360 px);
- every form control is visible and at least 24 × 24 px (a checkbox may be drawn by its KRDS label);
- no localized number inside an HTML attribute (`value="1,000"`) or in a year (`2,010년`);
- axe-core finds no serious or critical violation (at the phone size).

A screenshot of each page is kept under test-results/screenshots/<size>/<role>/<name>.png.
"""

import datetime
import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse

from madang.core.tests.test_tenancy import _walk

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
SIZES = {"phone": (360, 740), "desktop": (1366, 900)}
AXE_SIZE = "phone"
ROLES = ("operator", "resident", "anonymous", "district_admin")

# not HTML pages of the site: other tools' pages, machine endpoints and downloads
SKIP_PREFIXES = ("admin:", "api", "schema", "redoc", "swagger")
SKIP_NAMES = {"set_language", "javascript-catalog", "jsi18n", "healthz", "accounts:logout"}
SKIP_WORDS = ("export", "download", "static")
# pages only a 구 관리자 can open; the other roles see their 403 or the login page there
MANAGE_PAGES = {"districts:roles", "districts:role_revoke", "districts:audit_log", "districts:vision_edit"}

# a year and an id that show as "2,010" and "12,345" wherever numbers are localized
FOUNDED = 2010
IMPORTED_YEAR = 2019
BIG_ID = 12345
LOCALIZED_NUMBER = re.compile(r"\d{1,3}(,\d{3})+")
HUMAN_TEXT_ATTRIBUTES = {"aria-label", "aria-description", "title", "alt", "placeholder", "content"}


def html_pages() -> list[tuple[str, list[str]]]:
    pages = []
    for name, params in _walk(get_resolver()):
        if name.startswith(SKIP_PREFIXES) or name in SKIP_NAMES or any(w in name for w in SKIP_WORDS):
            continue
        pages.append((name, params))
    return pages


def _budget_ballots(district, resident) -> dict:
    """A budgeting cycle in its vote phase where `resident` is verified and has voted, and a closed
    cycle whose results are published (the voting, turnout, paper ballot and results pages)."""
    from unittest import mock

    from madang.budgeting.ballot_services import ballot_submit, results_publish
    from madang.budgeting.tests.ballots import Setup, now_in
    from madang.budgeting.tests.factories import verified_resident
    from madang.core.services import SYSTEM

    voting = Setup(district)
    verified_resident(voting.cycle, user=resident, dong=voting.dong)
    ballot_submit(actor=resident, district=district, heading=voting.pot, project_ids=voting.ids("b", "c"))
    closed = Setup(district, phase="결과 발표")
    with mock.patch("django.utils.timezone.now", return_value=now_in(closed.cycle, "주민 투표")):
        for keys in (["a", "b"], ["b", "d"], ["e"]):
            ballot_submit(
                actor=closed.voter(), district=district, heading=closed.pot, project_ids=closed.ids(*keys)
            )
    results_publish(actor=SYSTEM, district=district, cycle=closed.cycle)
    return {
        "voting": voting.cycle.process.slug,
        "heading": voting.pot.pk,
        "closed": closed.cycle.process.slug,
    }


@pytest.fixture
def site(transactional_db):
    """One district with something on every page: organisations, people, resources, a committee, a
    process with phases, an import batch, ties, memberships, audit entries; and a user per role."""
    from django.contrib.auth.tokens import default_token_generator
    from django.db import transaction
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from madang.accounts.models import Role
    from madang.accounts.tests.factories import RoleAssignmentFactory, UserFactory
    from madang.core.services import audit_record
    from madang.districts.models import District, Program
    from madang.districts.services import reference_data_load
    from madang.districts.tests.factories import DongFactory
    from madang.network import search, spreadsheets
    from madang.network.models import Affiliation, Committee, CommitteeSeat, IssueArea, Membership, Network
    from madang.network.tests.factories import (
        AffiliationFactory,
        MembershipFactory,
        OrganisationFactory,
        PersonFactory,
        ResourceFactory,
        tie,
    )
    from madang.processes.tests.factories import PhaseFactory, ProcessFactory

    reference_data_load()
    gangbuk = District.objects.get(slug="gangbuk")
    Network.objects.update_or_create(district=gangbuk, defaults={"member_target": 1000})
    area = IssueArea.objects.create(pk=BIG_ID, district=gangbuk, name="돌봄")
    dongs = [DongFactory(district=gangbuk, name=name) for name in ("수유1동", "번1동", "삼양동")]

    users = {
        "resident": UserFactory(display_name="수유주민", email="resident@example.kr"),
        "operator": UserFactory(display_name="운영진", email="operator@example.kr"),
        "district_admin": UserFactory(display_name="구관리자", email="admin@example.kr"),
    }
    RoleAssignmentFactory(user=users["resident"], district=gangbuk, role=Role.RESIDENT)
    RoleAssignmentFactory(user=users["operator"], district=gangbuk, role=Role.OPERATOR)
    RoleAssignmentFactory(user=users["district_admin"], district=gangbuk, role=Role.DISTRICT_ADMIN)

    org = OrganisationFactory(
        pk=BIG_ID,
        district=gangbuk,
        name="아이돌봄 품앗이 협동조합 강북지부",
        founded_year=FOUNDED,
        member_count=1200,
        contact_email="very.long.contact.address.for.the.cooperative@gangbuk-neighbourhood.example.kr",
        description="아이돌봄과 마을 살림을 함께 하는 주민 모임입니다.",
    )
    org.issue_areas.add(area)
    org.dongs.add(*dongs)
    others = [
        OrganisationFactory(district=gangbuk, name=f"강북지역포럼 {n}", founded_year=1999) for n in range(3)
    ]
    a_tie = tie(org, others[0])
    tie(org, others[1])
    for each in [org, *others]:
        search.index_organisation(each)
    MembershipFactory(organisation=org, status=Membership.Status.APPROVED)
    MembershipFactory(organisation=others[2])

    activist = PersonFactory(
        user=users["resident"], district=gangbuk, skills="사진, 회의 진행", dong=dongs[0]
    )
    activist.interests.add(area)
    AffiliationFactory(organisation=org, person=activist)
    resource = ResourceFactory(district=gangbuk, name="마을 회의실", owner=org)
    committee = Committee.objects.create(
        district=gangbuk, name="운영위원회", kind="steering", issue_area=area
    )
    CommitteeSeat.objects.create(committee=committee, person=activist, term_start=datetime.date(2026, 1, 1))
    process = ProcessFactory(district=gangbuk, title="2026 주민참여예산", slug="budget-2026")
    phase = PhaseFactory(process=process, name="제안 받기")
    PhaseFactory(process=process, name="투표", features=["vote"])
    from madang.budgeting.models import CommitteeMember, ProgressUpdate
    from madang.budgeting.tests.factories import HeadingFactory, ProjectFactory, cycle_in_phase

    cycle = cycle_in_phase(gangbuk, "분과 심의", slug="budget-walk", title="2026 강북구 주민참여예산")
    pot = HeadingFactory(
        cycle=cycle, name="수유1동 동 단위 사업", kind="dong", dong=dongs[0], amount=80_000_000
    )
    HeadingFactory(cycle=cycle, name="구 단위 사업", amount=1_200_000_000, population=285_000)
    budget_project = ProjectFactory(
        heading=pot,
        dong=dongs[0],
        title="수유1동 어린이 놀이터 그늘막과 안심 조명을 함께 설치하는 아주 긴 이름의 사업",
        location="수유1동 근린공원 놀이터",
        cost=1_234_567_890,
        status="eligible",
        author=users["resident"],
    )
    funded = ProjectFactory(
        heading=pot, title="경로당 냉난방기 교체", status="in_progress", progress_percent=40
    )
    ProgressUpdate.objects.create(project=funded, text="설계를 마치고 착공했습니다.", percent=40)
    CommitteeMember.objects.create(cycle=cycle, user=users["resident"])
    screening_cycle = cycle_in_phase(
        gangbuk, "적격 심사", slug="budget-walk-screening", title="적격 심사 중인 회차"
    )
    to_screen = ProjectFactory(
        heading=HeadingFactory(cycle=screening_cycle), title="심사할 사업", cost=12_000_000
    )
    from madang.districts.tests.factories import DepartmentFactory

    DepartmentFactory(district=gangbuk, name="공원녹지과")
    batch = spreadsheets.preview_import(
        actor=users["operator"],
        district=gangbuk,
        filename="단체.csv",
        raw=f"단체명,유형,의제,설립연도\n새마을 돌봄,civic,돌봄,{IMPORTED_YEAR}\n".encode(),
    )
    with transaction.atomic():
        audit_record(
            actor=users["operator"],
            action="update",
            obj=org,
            before={"kind": "civic"},
            after={"kind": "coop"},
        )
    # residents: the resident verified and applied, eight more applicants, a published draw and a draft
    from madang.residents import services as residents_services
    from madang.residents.tests.factories import ApplicantFactory, DrawFactory, VerificationFactory

    verification = VerificationFactory(
        process=process, user=users["resident"], dong=dongs[0], birth_date=datetime.date(1980, 5, 17)
    )
    ApplicantFactory(process=process, user=users["resident"], public_number=1, dong=dongs[0])
    for number in range(2, 10):
        ApplicantFactory(
            process=process,
            public_number=number,
            dong=dongs[number % 3],
            sex="FM"[number % 2],
            age_band=("young", "middle", "senior")[number % 3],
            vulnerable=number == 4,
        )
    published_draw = residents_services.draw_create(
        actor=users["operator"],
        process=process,
        title="2026 주민참여예산위원 추첨",
        n=6,
        seed="5eed" * 16,
        quotas={"max_per_dong": 2, "sex_balance": True, "vulnerable_min_percent": 15},
    )
    residents_services.draw_run(actor=users["operator"], draw=published_draw)
    residents_services.draw_publish(actor=users["operator"], draw=published_draw)
    draft_draw = DrawFactory(process=process, title="준비 중인 추첨", n=BIG_ID)
    grant = RoleAssignmentFactory(
        district=gangbuk, role=Role.RESIDENT, user=UserFactory(display_name="새주민")
    )
    program = Program.objects.first()
    ballot_slugs = _budget_ballots(gangbuk, users["resident"])
    arena, arena_session, agenda_item, followup = _arena_data(gangbuk, users)
    # a reported, hidden post (the test-only reportable model) for the report form and moderation queue
    from django.contrib.contenttypes.models import ContentType

    from madang.core.moderation import report_content
    from madang.core.tests.social_app.models import Post

    post = Post.objects.create(
        district=gangbuk, title="아이돌봄 모임 광고 글", author=UserFactory(display_name="글쓴이")
    )
    for n in range(3):
        report_content(actor=UserFactory(), obj=post, reason="spam", text=f"광고입니다 {n}")
    reported = {"ct_id": ContentType.objects.get_for_model(Post).pk, "pk": post.pk}

    from madang.districts.tests.factories import DepartmentFactory
    from madang.proposals.models import Assignment, TierCrossing
    from madang.proposals.tests.factories import ProposalFactory, proposals_process

    proposals = proposals_process(gangbuk, tiers=((5, 30, "department"), (BIG_ID, 30, "mayor")))
    proposal = ProposalFactory(
        process=proposals,
        district=gangbuk,
        author=users["resident"],
        title="수유역 4번 출구 골목에 가로등을 더 달아 주세요",
        body="밤길이 **어둡습니다**.\n\n- 가로등\n- 안심 귀갓길",
        support_count=1200,
        tier_reached=1,
        dong=dongs[0],
        issue_area=area,
    )
    crossing = TierCrossing.objects.create(proposal=proposal, tier=proposals.tiers.first(), support_count=5)
    assignment = Assignment.objects.create(
        proposal=proposal,
        crossing=crossing,
        kind="department",
        department=DepartmentFactory(district=gangbuk, name="도로과"),
        assigned_at=proposal.created_at,
        due_at=proposal.created_at - datetime.timedelta(days=1),
    )
    from madang.forums.models import Review, Topic, TopicRevision
    from madang.forums.tests.factories import BoardFactory, CommentFactory, TopicFactory, forum_process

    board = BoardFactory(
        district=gangbuk,
        process=forum_process(gangbuk, title="강북 공론장", slug="gangbuk-gongnon"),
        is_default=True,
    )
    topic = TopicFactory(
        pk=BIG_ID,
        board=board,
        author=users["resident"],
        title="수유동 어린이 통학로 안전, 무엇부터 바꿀까요",
        body="**통학로**가 좁습니다.\n\n- 수유시장 앞\n- 4·19 사거리",
        edited_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        like_count=1200,
        comment_count=3,
    )
    TopicRevision.objects.create(
        topic=topic, title=topic.title, body="처음 본문", edited_by=users["resident"]
    )
    first = CommentFactory(
        pk=BIG_ID, topic=topic, author=users["operator"], body="현장 조사를 하겠습니다.", stance="neutral"
    )
    reply = CommentFactory(
        topic=topic, parent=first, root=first, author=users["resident"], body="감사합니다", stance="for"
    )
    CommentFactory(
        topic=topic,
        parent=reply,
        root=first,
        author=users["district_admin"],
        body="단속이 먼저입니다.",
        stance="against",
        edited_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC),
    )
    TopicFactory(
        board=board,
        kind=Topic.Kind.OFFLINE,
        title="제2회 강북지역포럼",
        held_on=datetime.date(2026, 10, 1),
        place="한신대 캠퍼스타운 거점 공간",
        attendance=1200,
        author=users["operator"],
    )
    TopicFactory(board=board, title="검토를 기다리는 글", review=Review.PENDING)

    ids = {
        "proposals:detail": {"pk": proposal.pk},
        "proposals:edit": {"pk": proposal.pk},
        "proposals:support": {"pk": proposal.pk},
        "proposals:message": {"pk": proposal.pk},
        "proposals:stage": {"pk": proposal.pk},
        "proposals:merge": {"pk": proposal.pk},
        "proposals:review": {"pk": proposal.pk},
        "proposals:tiers": {"pk": proposals.pk},
        "proposals:tier_delete": {"pk": proposals.tiers.first().pk},
        "proposals:assign": {"pk": assignment.pk},
        "proposals:answer": {"pk": assignment.pk},
        "districts:follow": reported,
        "districts:report": reported,
        "districts:moderation_decide": reported,
        "network:organisation_detail": {"pk": org.pk},
        "network:organisation_edit": {"pk": org.pk},
        "network:organisation_join": {"pk": org.pk},
        "network:tie_create": {"pk": org.pk},
        "network:tie_delete": {"pk": a_tie.pk},
        "network:person_detail": {"pk": activist.pk},
        "network:membership_decide": {"pk": Membership.objects.filter(organisation=others[2]).get().pk},
        "network:membership_leave": {"pk": Membership.objects.filter(organisation=org).get().pk},
        "network:committee_detail": {"pk": committee.pk},
        "network:resource_detail": {"pk": resource.pk},
        "network:resource_edit": {"pk": resource.pk},
        "network:import_preview": {"batch": batch.pk},
        "network:import_progress": {"batch": batch.pk},
        "processes:detail": {"slug": process.slug},
        "processes:edit": {"slug": process.slug},
        "processes:delete": {"slug": process.slug},
        "processes:phase_create": {"slug": process.slug},
        "processes:phase_edit": {"slug": process.slug, "pk": phase.pk},
        "processes:phase_delete": {"slug": process.slug, "pk": phase.pk},
        **{
            f"residents:{name}": {"slug": process.slug}
            for name in (
                "process_home",
                "verify",
                "apply",
                "apply_withdraw",
                "registry",
                "registry_clear",
                "verifications",
                "verify_in_person",
                "applicants",
                "draw_create",
            )
        },
        "residents:verification_revoke": {"pk": verification.pk},
        "residents:draw_detail": {"pk": published_draw.pk},
        "residents:draw_verify": {"pk": published_draw.pk},
        "residents:draw_publish": {"pk": published_draw.pk},
        "residents:draw_edit": {"pk": draft_draw.pk},
        "residents:draw_run": {"pk": draft_draw.pk},
        "residents:draw_delete": {"pk": draft_draw.pk},
        "districts:role_revoke": {"pk": grant.pk},
        "forums:board_detail": {"pk": board.pk},
        "forums:topic_create": {"pk": board.pk},
        "forums:offline_create": {"pk": board.pk},
        "forums:topic_detail": {"pk": topic.pk},
        "forums:topic_edit": {"pk": topic.pk},
        "forums:topic_close": {"pk": topic.pk},
        "forums:topic_history": {"pk": topic.pk},
        "forums:comment_edit": {"pk": first.pk},
        "forums:comment_history": {"pk": first.pk},
        # POST-only (likes, comments, review decisions)
        "forums:topic_like": {"pk": topic.pk},
        "forums:comment_create": {"pk": topic.pk},
        "forums:comment_like": {"pk": first.pk},
        "forums:topic_decide": {"pk": topic.pk},
        "forums:comment_decide": {"pk": first.pk},
        **{
            f"budgeting:{name}": {"slug": cycle.slug}
            for name in (
                "cycle",
                "settings",
                "heading_create",
                "project_list",
                "project_create",
                "review_queue",
                "shortlist",
                "committee",
            )
        },
        "budgeting:heading_edit": {"slug": cycle.slug, "pk": pot.pk},
        "budgeting:heading_delete": {"slug": cycle.slug, "pk": pot.pk},
        "budgeting:committee_remove": {"slug": cycle.slug, "pk": CommitteeMember.objects.get(cycle=cycle).pk},
        **{
            f"budgeting:{name}": {"slug": cycle.slug, "pk": budget_project.pk}
            for name in ("project", "project_edit", "project_withdraw", "project_status", "project_review")
        },
        "budgeting:project_progress": {"slug": cycle.slug, "pk": funded.pk},
        "budgeting:project_attach": {"slug": cycle.slug, "pk": budget_project.pk},
        "budgeting:project_screen": {"slug": screening_cycle.slug, "pk": to_screen.pk},
        "arenas:arena_detail": {"pk": arena.pk},
        "arenas:arena_edit": {"pk": arena.pk},
        "arenas:seat_create": {"pk": arena.pk},
        "arenas:session_create": {"pk": arena.pk},
        "arenas:seat_end": {"pk": arena.seats.order_by("pk").first().pk},
        "arenas:session_detail": {"pk": arena_session.pk},
        "arenas:session_edit": {"pk": arena_session.pk},
        "arenas:session_status": {"pk": arena_session.pk},
        "arenas:attendance_edit": {"pk": arena_session.pk},
        "arenas:agenda_create": {"pk": arena_session.pk},
        "arenas:minutes_edit": {"pk": arena_session.pk},
        "arenas:minutes_publish": {"pk": arena_session.pk},
        "arenas:decision_edit": {"pk": agenda_item.pk},
        "arenas:followup_create": {"pk": agenda_item.pk},
        "arenas:followup_done": {"pk": followup.pk},
        "districts:vision_edit": {"program": program.slug},
        # budgeting ballots: a cycle in its vote phase (the resident verified, one ballot cast) and a
        # closed one with published results
        "budgeting:vote": {"slug": ballot_slugs["voting"]},
        "budgeting:ballot": {"slug": ballot_slugs["voting"], "heading": ballot_slugs["heading"]},
        "budgeting:turnout": {"slug": ballot_slugs["voting"]},
        "budgeting:offline": {"slug": ballot_slugs["voting"]},
        "budgeting:offline_entry": {"slug": ballot_slugs["voting"], "heading": ballot_slugs["heading"]},
        "budgeting:channel_scores": {"slug": ballot_slugs["voting"]},
        "budgeting:results": {"slug": ballot_slugs["closed"]},
        "budgeting:results_publish": {"slug": ballot_slugs["closed"]},
        "budgeting:ballot_total": {"slug": ballot_slugs["voting"], "heading": ballot_slugs["heading"]},
        # POST-only decisions (the walk skips pages that answer 405 to a GET)
        "network:organisation_decide": {"pk": org.pk},
        "network:affiliation_decide": {"pk": Affiliation.objects.filter(organisation=org).first().pk},
        "network:tie_decide": {"pk": a_tie.pk},
        "accounts:activate": {
            "uidb64": urlsafe_base64_encode(force_bytes(users["resident"].pk)),
            "token": "not-a-real-token",  # the page only shows a button; the token is checked on POST
        },
        "accounts:password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(users["resident"].pk)),
            "token": default_token_generator.make_token(users["resident"]),
        },
    }
    urls, unknown = {}, []
    for name, params in html_pages():
        kwargs = dict(ids.get(name, {}))
        if "district" in params:
            kwargs["district"] = gangbuk.slug
        if set(kwargs) != set(params):
            unknown.append(name)
            continue
        urls[name] = reverse(name, kwargs=kwargs)
    assert not unknown, f"give the page walk an object for these pages (in `ids` above): {unknown}"
    return {"urls": urls, "users": users, "city_urls": ["/gangbuk/network/organisations/?q=돌봄"]}


def _arena_data(district, users):
    """A 협치회의 with seats (one a resident's), a held session with a linked-free agenda item, a decision,
    published minutes and an overdue follow-up."""
    from madang.arenas.models import Attendance, Decision, FollowUp, Seat, Session
    from madang.arenas.tests.factories import AgendaItemFactory, ArenaFactory, SeatFactory, department

    arena = ArenaFactory(district=district, name="강북구 민관협력 상설협의회", seat_cap=35)
    SeatFactory(arena=arena, name="김민간", role=Seat.Role.COCHAIR_CIVIL, affiliation="강북지역포럼")
    SeatFactory(arena=arena, name="박공공", role=Seat.Role.COCHAIR_PUBLIC, seat_kind=Seat.Kind.PUBLIC)
    member = SeatFactory(arena=arena, user=users["resident"], name="수유주민")
    when = datetime.datetime(FOUNDED + 16, 3, 5, 15, 0, tzinfo=datetime.UTC)
    session = Session.objects.create(
        arena=arena,
        number=12,
        title="정기회의",
        starts_at=when,
        place="강북구청 본관 3층 대회의실",
        online_url="https://meet.example.kr/gangbuk-arena-very-long-meeting-room-name",
        status=Session.Status.HELD,
        minutes="## 회의록\n\n- 안건을 논의했습니다.",
        minutes_status=Session.Minutes.PUBLISHED,
        minutes_published_at=when,
        attendance_count=1,
    )
    Attendance.objects.create(session=session, seat=member)
    item = AgendaItemFactory(session=session, title="마을 공유공간 운영 규칙 개정")
    Decision.objects.create(item=item, outcome=Decision.Outcome.PASSED, votes_for=1)
    followup = FollowUp.objects.create(
        district=district,
        arena=arena,
        item=item,
        title="운영 규칙 개정안 보고",
        department=department(district),
        due_on=datetime.date(FOUNDED + 16, 4, 1),
    )
    return arena, session, item, followup


# Everything measured in the page, in one round trip: sideways overflow, small or hidden controls,
# localized numbers in attributes.
CHECKS = (Path(__file__).resolve().parent / "page_checks.js").read_text()

AXE_RUN = (
    "async () => (await axe.run(document, {resultTypes: ['violations'],"
    " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}}))"
    ".violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
    ".map(v => `${v.id} (${v.impact}): ${v.help} — `"
    " + JSON.stringify(v.nodes.slice(0, 3).map(n => n.target)))"
)


def _login(context, live_server, client, user):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def _visit(page, url, name, size, role, run_axe, seen) -> list[str]:
    response = page.goto(url)
    landed = (response.status, page.url.split("?")[0])
    if landed in seen:  # the same login page or 403 page as before: looked at once per role and size
        return []
    seen.add(landed)
    problems = []
    if response.status >= 500:
        problems.append(f"HTTP {response.status}")
    problems += page.evaluate(CHECKS, [24, sorted(HUMAN_TEXT_ATTRIBUTES)])
    title = page.title()
    if settings.MADANG["SITE_NAME"] not in title or "localhost" in title:
        problems.append(f"the title is {title!r}")
    text = page.inner_text("body")
    for year in (FOUNDED, IMPORTED_YEAR):
        if f"{year:,}" in text:
            problems.append(f"a year shown as {year:,}")
    if run_axe:
        page.add_script_tag(path=str(AXE))
        problems += page.evaluate(AXE_RUN)
    shot = SCREENSHOTS / size / role / f"{name.replace(':', '-')}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    return problems


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by npm ci")
def test_every_page_as_every_role_at_both_sizes(live_server, browser, site, client):
    started = time.monotonic()
    found: dict[str, list[str]] = {}
    visited, audited = 0, set()
    # POST-only actions (405 to a GET) have nothing to look at
    client.force_login(site["users"]["district_admin"])
    post_only = {name for name, url in site["urls"].items() if client.get(url).status_code == 405}
    client.force_login(site["users"]["operator"])
    post_only |= {name for name, url in site["urls"].items() if client.get(url).status_code == 405}
    # MADANG_PAGE_WALK=phone,operator narrows the walk while working on a page
    only = set(filter(None, os.environ.get("MADANG_PAGE_WALK", "").split(",")))
    for role in ROLES:
        if only & set(ROLES) and role not in only:
            continue
        names = [
            n
            for n in site["urls"]
            if (n in MANAGE_PAGES) == (role == "district_admin") and n not in post_only
        ]
        if role == "district_admin":
            names += ["network:settings", "network:import", "network:home"]
        for size, (width, height) in SIZES.items():
            if only & set(SIZES) and size not in only:
                continue
            # bypass_csp only so the audit can inject axe-core; the site's own scripts run as served
            context = browser.new_context(
                locale="ko-KR", viewport={"width": width, "height": height}, bypass_csp=True
            )
            if role != "anonymous":
                _login(context, live_server, client, site["users"][role])
            page, seen = context.new_page(), set()
            for name in names:
                # axe-core is slow (~1 s a page): each page once, at the phone size, by its first role
                run_axe = size == AXE_SIZE and name not in audited
                problems = _visit(page, live_server.url + site["urls"][name], name, size, role, run_axe, seen)
                if run_axe and page.url.split("?")[0].endswith(site["urls"][name].split("?")[0]):
                    audited.add(name)
                visited += 1
                if problems:
                    found[f"{size} {role} {site['urls'][name]}"] = problems
            context.close()
    elapsed = time.monotonic() - started
    print(f"\npage walk: {visited} page views in {elapsed:.0f} s; screenshots in {SCREENSHOTS}")
    assert not found, "\n".join(f"{where}: {p}" for where, problems in found.items() for p in problems)
