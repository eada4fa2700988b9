"""Forum demo data for 마포 and 강북 (and a generic set for any other district): boards, discussions
with comments, replies and stances, a closed topic with its conclusion, and offline forums recorded
from the seed's programmes (마포지역포럼, 정책토론회, 강북지역포럼). Idempotent: boards are found by
their process slug, topics by title, so a second run creates nothing."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from madang.accounts.models import Role, RoleAssignment
from madang.processes.models import Phase, Process

from .models import Board, Comment, Review, Topic
from .search import index_topics

DATA_DIR = Path(__file__).parent / "demo_data"


def _data(district) -> dict | None:
    path = DATA_DIR / f"{district.slug}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _people(district) -> dict[str, object]:
    """The district's demo accounts by role (load_demo makes them)."""
    rows = RoleAssignment.objects.filter(district=district).select_related("user").order_by("pk")
    people = {}
    for row in rows:
        people.setdefault(row.role, row.user)
    return people


def _generic(district) -> dict:
    name = getattr(district, "short_name", "") or district.name
    return {
        "boards": [
            {"slug": f"{district.slug}-gongnon", "title": f"{name} 공론장",
             "description": f"{name}의 온라인 공론장입니다.", "is_default": True}
        ],
        "offline": [],
        "topics": [
            {"board": f"{district.slug}-gongnon", "title": f"{name} 시민협력플랫폼, 무엇을 함께 할까요",
             "body": "시민협력플랫폼에서 다루고 싶은 의제를 자유롭게 적어 주세요.",
             "comments": [{"role": "resident", "body": "동네 공동체 공간이 더 필요합니다.", "stance": "for",
                           "reply_to": None}],
             "conclusion": None}
        ],
    }  # fmt: skip


def _board(district, slug, title, description, is_default, today, created) -> Board:
    process = Process.objects.in_district(district).filter(slug=slug).first()
    if process is None:
        process = Process.objects.create(
            district=district,
            kind=Process.Kind.FORUM,
            title=title,
            slug=slug,
            description=description,
            starts_on=today - datetime.timedelta(days=180),
            ends_on=today + datetime.timedelta(days=365),
            is_published=True,
        )
        tz = timezone.get_current_timezone()
        Phase.objects.create(
            process=process,
            name="토론",
            features=["discuss", "comment"],
            starts_at=datetime.datetime.combine(process.starts_on, datetime.time.min, tzinfo=tz),
            ends_at=datetime.datetime.combine(process.ends_on, datetime.time.max, tzinfo=tz),
        )
        created.append(process)
    board = Board.objects.filter(process=process).first()
    if board is None:
        if is_default and Board.objects.in_district(district).filter(is_default=True).exists():
            is_default = False
        board = Board.objects.create(district=district, process=process, is_default=is_default)
        created.append(board)
    return board


@transaction.atomic
def forums_demo_load(*, district) -> dict:
    data = _data(district) or _generic(district)
    today = timezone.localdate()
    now = timezone.now()
    people = _people(district)
    operator = people.get(Role.OPERATOR)
    created: list = []
    boards = {
        b["slug"]: _board(district, b["slug"], b["title"], b["description"], b["is_default"], today, created)
        for b in data["boards"]
    }
    new_topics = []
    for item in data["offline"]:
        board, title = boards[item["board"]], item["title"]
        if Topic.objects.in_district(district).filter(board=board, title=title).exists():
            continue
        topic = Topic.objects.create(
            district=district,
            board=board,
            author=operator,
            kind=Topic.Kind.OFFLINE,
            title=title,
            body=item["summary"],
            held_on=today - datetime.timedelta(days=item["days_ago"]),
            place=item["place"],
            attendance=item["attendance"],
        )
        new_topics.append(topic)
    for n, item in enumerate(data["topics"]):
        board, title, conclusion = boards[item["board"]], item["title"], item["conclusion"]
        if Topic.objects.in_district(district).filter(board=board, title=title).exists():
            continue
        topic = Topic.objects.create(
            district=district,
            board=board,
            author=people.get(Role.RESIDENT) or operator,
            title=title,
            body=item["body"],
            like_count=0,
        )
        made = []
        for c in item["comments"]:
            role, text, stance = c["role"], c["body"], c["stance"]
            parent = made[c["reply_to"]] if c["reply_to"] is not None else None
            made.append(
                Comment.objects.create(
                    district=district,
                    topic=topic,
                    parent=parent,
                    root=(parent.root or parent) if parent is not None else None,
                    author=people.get(role) or operator,
                    body=text,
                    stance=stance,
                    review=Review.APPROVED,
                )
            )
        values = {"comment_count": len(made), "last_activity_at": now - datetime.timedelta(hours=n)}
        if conclusion:
            values.update(status=Topic.Status.CLOSED, conclusion=conclusion, closed_at=now)
        Topic.objects.filter(pk=topic.pk).update(**values)
        new_topics.append(topic)
        created.extend(made)
    created.extend(new_topics)
    index_topics(Topic.objects.filter(pk__in=[t.pk for t in new_topics]))
    for board in boards.values():
        topics = Topic.objects.filter(board=board, review=Review.APPROVED)
        Board.objects.filter(pk=board.pk).update(topic_count=topics.count(), last_activity_at=now)
    return {
        "boards": Board.objects.in_district(district).count(),
        "topics": Topic.objects.in_district(district).count(),
        "comments": Comment.objects.in_district(district).count(),
        "created": len(created),
    }
