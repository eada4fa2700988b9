"""Forums' hot pages for `make bench-http`: a board page (of 2,000 topics at scale 1) and a topic page
with 300 comments (60 threads of 1 + 4 replies), anonymous and as the operator, the topic API list,
and a real write: likes on the big topic by many different residents (each request a distinct person,
a like or an unlike, so every request writes)."""

from __future__ import annotations

import datetime

NAME = "forums"
TOPICS = 2000
COMMENTS = 300
LIKERS = 200


def build(args, *, district, operator) -> None:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from madang.accounts.models import Role, RoleAssignment, User
    from madang.forums.models import Board, Comment, Topic
    from madang.processes.models import Phase, Process

    scale = max(float(getattr(args, "scale", 1.0) or 1.0), 0.001)
    today = timezone.localdate()
    now = timezone.now()
    process = Process.objects.create(
        district=district,
        kind=Process.Kind.FORUM,
        title="벤치 공론장",
        slug="bench-gongnon",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=365),
        is_published=True,
    )
    Phase.objects.create(
        process=process,
        name="토론",
        features=["discuss", "comment"],
        starts_at=now - datetime.timedelta(days=30),
        ends_at=now + datetime.timedelta(days=365),
    )
    board = Board.objects.create(district=district, process=process, is_default=True, last_activity_at=now)
    unusable = make_password(None)  # log-in happens through ctx.login (sessions), never a password
    likers = User.objects.bulk_create(
        User(email=f"forum-bench-{i}@bench.madang.kr", display_name=f"벤치 주민{i}", password=unusable)
        for i in range(max(20, int(LIKERS * min(scale, 1.0))))
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, district=district, role=Role.RESIDENT) for user in likers
    )
    authors = likers[:20]
    count = max(30, int(TOPICS * scale))
    Topic.objects.bulk_create(
        (
            Topic(
                district=district,
                board=board,
                author=authors[i % len(authors)],
                title=f"벤치 토론 주제 {i}",
                body="골목 쓰레기와 분리배출을 함께 이야기해 봐요.\n\n- 자율 청소\n- 안내판",
                comment_count=i % 7,
                like_count=i % 11,
            )
            for i in range(count)
        ),
        batch_size=1000,
    )
    big = Topic.objects.create(
        district=district,
        board=board,
        author=operator,
        title="댓글 300개 토론",
        body="**벤치**: 댓글이 많은 토론입니다.",
        comment_count=COMMENTS,
    )
    stances = ("for", "against", "neutral", "")
    roots = Comment.objects.bulk_create(
        Comment(district=district, topic=big, author=authors[i % 20], body=f"의견 {i}", stance=stances[i % 4])
        for i in range(COMMENTS // 5)
    )
    Comment.objects.bulk_create(
        (
            Comment(
                district=district,
                topic=big,
                author=authors[(i + 3) % 20],
                body=f"답글 {i}",
                parent=roots[i % len(roots)],
                root=roots[i % len(roots)],
            )
            for i in range(COMMENTS - len(roots))
        ),
        batch_size=1000,
    )
    Board.objects.filter(pk=board.pk).update(topic_count=count + 1)


def urls(ctx) -> list[dict]:
    from madang.accounts.models import User
    from madang.forums.models import Board, Topic

    district = ctx.district
    board = Board.objects.get(district=district, process__slug="bench-gongnon")
    big = Topic.objects.get(board=board, title="댓글 300개 토론")
    operator_cookie = ctx.login(ctx.operator)
    board_path = f"/{district.slug}/forums/boards/{board.pk}/"
    topic_path = f"/{district.slug}/forums/topics/{big.pk}/"
    pages = [
        ("board page", board_path),
        ("board page, most active", board_path + "?sort=active"),
        ("topic with 300 comments", topic_path),
    ]
    result = []
    for label, path in pages:
        result.append({"label": label, "path": path, "kind": "html", "who": "anonymous", "cookie": None})
        result.append(
            {"label": label, "path": path, "kind": "html", "who": "operator", "cookie": operator_cookie}
        )
    result.append(
        {
            "label": "topics API",
            "path": f"/api/v1/{district.slug}/topics/?board={board.pk}",
            "kind": "api",
            "who": "anonymous",
            "cookie": None,
        }
    )
    # likes: each request is a different resident (cookie + CSRF token), alternating like and unlike
    people = list(User.objects.filter(email__startswith="forum-bench-").order_by("pk")[:100])
    sessions = [ctx.csrf(ctx.login(person)) for person in people]
    table = ",\n".join(f'  {{"{cookie}", "{token}"}}' for cookie, token in sessions)
    lua = f"""
local people = {{
{table}
}}
local n = 0
request = function()
  n = n + 1
  local p = people[(n % #people) + 1]
  local action = (math.floor(n / #people) % 2 == 0) and "like" or "unlike"
  local headers = {{}}
  headers["Cookie"] = p[1]
  headers["X-CSRFToken"] = p[2]
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["HX-Request"] = "true"
  return wrk.format("POST", "{topic_path}like/", headers, "action=" .. action)
end
"""
    result.append(
        {
            "label": "like / unlike a topic (distinct residents)",
            "path": f"{topic_path}like/",
            "kind": "write",
            "who": "user",
            "cookie": None,
            "method": "POST",
            "lua": lua,
            "target_rps": 100,
        }
    )
    return result
