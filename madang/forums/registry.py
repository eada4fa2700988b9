"""What the forums plug into the kernel's registries (called from ForumsConfig.ready()):
the `discuss` phase action, the search type `forum_topic`, personal data `forum_posts`, metrics
`forums.topics` / `forums.participants` / `forums.offline_attendance`, the demo loader, the handoff
`forums.open_topic`, the link type `forums.topic`, reportable and followable models and the forum
section of the district's 공론장 overview."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madang.core import registry


def _topics_for_search(district, user):
    from . import selectors
    from .models import Topic

    return selectors.visible(Topic.objects.in_district(district).public()).select_related("district")


def _topic_result(topic):
    return registry.SearchResult(topic.title, topic.get_absolute_url(), topic.body[:120])


def _export(user) -> dict:
    from .models import Comment, CommentLike, Topic, TopicLike

    return {
        "topics": [
            {
                "district": t.district.slug,
                "title": t.title,
                "body": t.body,
                "kind": t.kind,
                "review": t.review,
                "created_at": t.created_at.isoformat(),
                "url": t.get_absolute_url(),
            }
            for t in Topic.objects.filter(author=user).select_related("district").order_by("pk")
        ],
        "comments": [
            {
                "district": c.district.slug,
                "topic": c.topic.title,
                "body": c.body,
                "stance": c.stance,
                "review": c.review,
                "created_at": c.created_at.isoformat(),
            }
            for c in Comment.objects.filter(author=user).select_related("district", "topic").order_by("pk")
        ],
        "likes": {
            "topics": list(
                TopicLike.objects.filter(user=user).order_by("pk").values_list("topic_id", flat=True)
            ),
            "comments": list(
                CommentLike.objects.filter(user=user).order_by("pk").values_list("comment_id", flat=True)
            ),
        },
    }


def _erase(user) -> None:
    from .services import forums_erase

    forums_erase(user)


def topics_started(district, start, end) -> int:
    from .models import Review, Topic

    return (
        Topic.objects.in_district(district)
        .filter(review=Review.APPROVED, created_at__date__gte=start, created_at__date__lte=end)
        .count()
    )


def participants(district, start, end) -> int:
    """Distinct people who started a topic or commented (approved posts) in the range."""
    from .models import Comment, Review, Topic

    def authors(model):
        return set(
            model.objects.in_district(district)
            .filter(
                review=Review.APPROVED,
                author__isnull=False,
                created_at__date__gte=start,
                created_at__date__lte=end,
            )
            .values_list("author_id", flat=True)
            .distinct()
        )

    return len(authors(Topic) | authors(Comment))


def offline_attendance(district, start, end) -> int:
    from .models import Topic

    total = (
        Topic.objects.in_district(district)
        .filter(kind=Topic.Kind.OFFLINE, held_on__gte=start, held_on__lte=end)
        .aggregate(n=Sum("attendance"))["n"]
    )
    return int(total or 0)


def load_demo(*, districts) -> list[str]:
    from .demo import forums_demo_load

    lines = []
    for district in districts:
        counts = forums_demo_load(district=district)
        lines.append(
            f"{district.name} 포럼 데모: 게시판 {counts['boards']}개, 주제 {counts['topics']}개, "
            f"댓글 {counts['comments']}개 (이번에 새로 만든 항목 {counts['created']}건)"
        )
    return lines


def _open_topic(*, actor, district, title, body, source_url):
    from .services import topic_open_from_source

    return topic_open_from_source(
        actor=actor, district=district, title=title, body=body, source_url=source_url
    )


def _summary(district, user):
    from . import selectors
    from .models import Topic

    topics = selectors.recent_topics(district=district, user=user, limit=5)
    return registry.Summary(
        title=str(_("포럼")),
        url=reverse("forums:board_list", kwargs={"district": district.slug}),
        count=selectors.visible(Topic.objects.in_district(district).public()).count(),
        items=[
            registry.SummaryItem(title=t.title, url=t.get_absolute_url(), meta=t.board.process.title)
            for t in topics
        ],
    )


def register() -> None:
    from madang.core import follows, moderation
    from madang.processes.features import register_feature

    from .models import Comment, Topic

    register_feature("discuss", _("주제 열기"))
    registry.register_search_type(
        "forum_topic", label=_("토론 주제"), queryset=_topics_for_search, result=_topic_result, order=40
    )
    registry.register_personal_data("forum_posts", export=_export, erase=_erase)
    registry.register_metric("forums.topics", label=_("포럼 주제 수"), unit="건", compute=topics_started)
    registry.register_metric(
        "forums.participants", label=_("포럼 참여자 수"), unit="명", compute=participants
    )
    registry.register_metric(
        "forums.offline_attendance", label=_("오프라인 포럼 참석 인원"), unit="명", compute=offline_attendance
    )
    registry.register_demo_loader("forums", load_demo, order=200)
    registry.register_handoff("forums.open_topic", _open_topic, label=_("공론장 토론 열기"))
    registry.register_link_type(
        "forums.topic",
        label=_("포럼 토론"),
        model=Topic,
        queryset=lambda district: _topics_for_search(district, None),
        title=lambda topic: topic.title,
        url=lambda topic: topic.get_absolute_url(),
    )
    registry.register_summary("forums", _summary, label=_("포럼"), order=10)
    moderation.register_reportable(Topic, label=_("토론 주제"), title=lambda t: t.title)
    moderation.register_reportable(Comment, label=_("댓글"), title=lambda c: c.body[:40])
    follows.register_followable(Topic, label=_("토론 주제"))
    follows.register_notification_event("comment", _("새 댓글"))
