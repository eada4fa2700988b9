"""Forum reads: each a fixed number of queries, whatever the number of topics or comments."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q

from .models import Board, Comment, CommentLike, Review, Stance, Topic, TopicLike, TopicRevision

PAGE_SIZE = 20
THREADS_PER_PAGE = 20


def is_staff(user, district) -> bool:
    return user.has_perm("forums.review", district)


def board_list(*, district):
    return (
        Board.objects.in_district(district)
        .select_related("process", "process__committee", "district")
        .prefetch_related("process__phases")
        .order_by("-is_default", "-last_activity_at", "pk")
    )


def board_detail_queryset():
    return Board.objects.select_related("process", "process__committee", "district").prefetch_related(
        "process__phases"
    )


@dataclass(frozen=True)
class TopicFilters:
    state: str = ""  # "", open, closed, offline
    sort: str = "new"  # new, active


def visible(queryset):
    """Rows not hidden by reports (core.models.Moderated): what the public sees."""
    return queryset.visible()


def topic_list(*, district, board=None, user, filters: TopicFilters = TopicFilters()):
    """Public topics of a board (or the district), the person's own pending ones too; staff see
    everything but rejected. Author and board come with the rows (one query per page)."""
    queryset = Topic.objects.in_district(district).readable_by(user, staff=is_staff(user, district))
    if not is_staff(user, district):
        queryset = visible(queryset)
    if board is not None:
        queryset = queryset.filter(board=board)
    if filters.state == "open":
        queryset = queryset.filter(kind=Topic.Kind.DISCUSSION, status=Topic.Status.OPEN)
    elif filters.state == "closed":
        queryset = queryset.filter(status=Topic.Status.CLOSED)
    elif filters.state == "offline":
        queryset = queryset.filter(kind=Topic.Kind.OFFLINE)
    order = ["-last_activity_at", "-pk"] if filters.sort == "active" else ["-created_at", "-pk"]
    return queryset.select_related("author", "board__process", "district").order_by(*order)


def topic_detail_queryset(*, district, user):
    queryset = Topic.objects.in_district(district).readable_by(user, staff=is_staff(user, district))
    queryset = queryset.select_related("author", "district", "board__process", "board__district")
    queryset = queryset.prefetch_related("board__process__phases")
    if getattr(user, "is_authenticated", False):
        queryset = queryset.annotate(liked=Exists(TopicLike.objects.filter(topic=OuterRef("pk"), user=user)))
    return queryset


def stance_counts(topic) -> dict[str, int]:
    """{for, against, neutral: n} over the topic's public comments (one query on an index)."""
    rows = visible(Comment.objects.filter(topic=topic, review=Review.APPROVED).exclude(stance=""))
    counts = dict(rows.values_list("stance").annotate(n=Count("pk")).values_list("stance", "n"))
    return {s: counts.get(s, 0) for s in (Stance.FOR, Stance.AGAINST, Stance.NEUTRAL)}


@dataclass
class Thread:
    comment: Comment
    replies: list


def comment_threads(*, topic, user, page=1):
    """A page of threads (top-level comments, oldest first) with all their replies: three queries.

    Replies are flattened under their thread (one level of indentation); a reply to a reply says
    whom it answers ("…에게 답글"). Hidden comments stay in place as a placeholder so threads read.
    """
    staff = is_staff(user, topic.district)
    base = Comment.objects.filter(topic=topic).readable_by(user, staff=staff)
    related = ["author", "parent__author"]
    roots = base.filter(parent__isnull=True).select_related(*related).order_by("created_at", "pk")
    if getattr(user, "is_authenticated", False):
        liked = Exists(CommentLike.objects.filter(comment=OuterRef("pk"), user=user))
        roots = roots.annotate(liked=liked)
        base = base.annotate(liked=liked)
    paginator = Paginator(roots, THREADS_PER_PAGE)
    page_obj = paginator.get_page(page)
    root_list = list(page_obj.object_list)
    replies = (
        base.filter(root__in=[c.pk for c in root_list]).select_related(*related).order_by("created_at", "pk")
    )
    by_root: dict[int, list] = {c.pk: [] for c in root_list}
    for comment in root_list:
        comment.topic = topic  # permission checks read comment.topic: no query per comment
    for reply in replies:
        reply.topic = topic
        by_root.setdefault(reply.root_id, []).append(reply)
    threads = [Thread(comment=c, replies=by_root.get(c.pk, [])) for c in root_list]
    return page_obj, threads


def topic_revisions(topic):
    return (
        TopicRevision.objects.filter(topic=topic).select_related("edited_by").order_by("-created_at", "-pk")
    )


def pending_topics(*, district):
    return (
        Topic.objects.in_district(district)
        .filter(review=Review.PENDING)
        .select_related("author", "board__process", "district")
        .order_by("created_at")
    )


def pending_comments(*, district):
    return (
        Comment.objects.in_district(district)
        .filter(review=Review.PENDING)
        .select_related("author", "topic", "topic__district")
        .order_by("created_at")
    )


def recent_topics(*, district, user, limit: int = 5):
    return list(topic_list(district=district, user=user, filters=TopicFilters(sort="active"))[:limit])


def participants_q(district, start, end) -> Q:
    return Q(
        district=district, review=Review.APPROVED, created_at__date__gte=start, created_at__date__lte=end
    )
