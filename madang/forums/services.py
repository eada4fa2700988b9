"""Forum writes: boards, topics, comments, likes, review, closing with a conclusion.

Every service checks its `rules` permission, the district scope, writes and audits in one
transaction. Counters move with F() updates; a like is one row per person (unique constraint), so
twenty people liking at once give twenty and one person double-clicking gives one.
"""

from __future__ import annotations

import contextlib
import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.core import follows
from madang.core.exceptions import DomainError
from madang.core.ratelimit import rate_limit
from madang.core.services import (
    audit_record,
    model_snapshot,
    model_update,
    notify,
    require_perm,
    transition,
    validate_model,
)
from madang.core.tenancy import ensure_in_district
from madang.core.text import clean_line, clean_markdown, clean_text
from madang.processes.models import Process
from madang.processes.services import phase_add, process_create

from .models import (
    Board,
    Comment,
    CommentLike,
    CommentRevision,
    Review,
    Stance,
    Topic,
    TopicLike,
    TopicRevision,
)

BODY_MAX = 20000
DAY = 24 * 60 * 60
# posts a person (not staff) may start per day
CREATION_LIMITS = {"topic": 10, "comment": 60}
# an account younger than this, or one that never had a post approved in the district, is reviewed
NEW_ACCOUNT_DAYS = 7
DISCUSS_FEATURES = ["discuss", "comment"]


# --- input ----------------------------------------------------------------------------------------


def clean_body(value, *, label: str, max_length: int = BODY_MAX, required: bool = True) -> str:
    """Markdown source: NFC, no control or invisible characters, newlines kept, trimmed; rendering
    sanitises it (core.markdown). Empty and oversized bodies are refused in Korean."""
    value = clean_markdown(str(value or ""))
    if required and not value:
        raise DomainError(_("%(label)s을(를) 입력하세요.") % {"label": label}, code="required")
    if len(value) > max_length:
        raise DomainError(
            _("%(label)s은(는) %(max)d자를 넘을 수 없습니다. (지금 %(n)d자)")
            % {"label": label, "max": max_length, "n": len(value)},
            code="too_long",
        )
    return value


def clean_title(value) -> str:
    title = clean_line(value or "")
    if not title:
        raise DomainError(_("제목을 입력하세요."), code="required")
    if len(title) > 200:
        raise DomainError(_("제목은 200자를 넘을 수 없습니다."), code="too_long")
    return title


def creation_limit(*, actor, district, what: str) -> None:
    if actor.has_perm("forums.skip_rate_limit", district):
        return
    rate_limit(f"forums:{what}:{actor.pk}", limit=CREATION_LIMITS[what], period=DAY)


def initial_review(actor, district) -> str:
    """`approved` for staff and for an account past its first days with an approved post in the
    district; `pending` otherwise (whatever goes public from a new account passes an operator)."""
    if actor.has_perm("forums.review", district):
        return Review.APPROVED
    joined = getattr(actor, "date_joined", None)
    if joined is None or joined > timezone.now() - datetime.timedelta(days=NEW_ACCOUNT_DAYS):
        return Review.PENDING
    trusted = (
        Topic.objects.in_district(district).filter(author=actor, review=Review.APPROVED).exists()
        or Comment.objects.in_district(district).filter(author=actor, review=Review.APPROVED).exists()
    )
    return Review.APPROVED if trusted else Review.PENDING


def _follow(actor, topic) -> None:
    """The author follows their topic (and a commenter the topic): they hear of new comments."""
    if getattr(actor, "is_authenticated", False):
        with contextlib.suppress(DomainError):  # following is a convenience: a post never fails for it
            follows.follow(actor=actor, obj=topic, district=topic.district)


def _notify_comment(comment: Comment) -> None:

    topic = comment.topic
    follows.notify_followers(
        obj=topic,
        event="comment",
        message=_("'%(title)s'에 %(name)s 님이 댓글을 남겼습니다.")
        % {"title": topic.title[:60], "name": comment.author_name},
        url=comment.get_absolute_url(),
        district=topic.district,
        exclude=[comment.author_id] if comment.author_id else [],
    )


def _index(topic: Topic) -> None:
    from . import search

    search.index_topic(topic)


# --- boards ---------------------------------------------------------------------------------------


@transaction.atomic
def board_create(
    *,
    actor,
    district,
    title: str,
    slug: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
    committee=None,
    is_default: bool = False,
) -> Board:
    """A board: a published forum process with one phase open for new topics and comments."""
    require_perm(actor, "forums.add_board", district, _("게시판을 만들 권한이 없습니다."))
    ensure_in_district(district, committee)
    process = process_create(
        actor=actor,
        district=district,
        kind=Process.Kind.FORUM,
        title=clean_title(title),
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on,
        description=clean_text(description or ""),
        committee=committee,
        is_published=True,
    )
    tz = timezone.get_current_timezone()
    phase_add(
        actor=actor,
        process=process,
        name=_("토론"),
        starts_at=datetime.datetime.combine(starts_on, datetime.time.min, tzinfo=tz),
        ends_at=datetime.datetime.combine(ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
        features=DISCUSS_FEATURES,
    )
    if is_default:
        Board.objects.in_district(district).filter(is_default=True).update(is_default=False)
    board = Board.objects.create(district=district, process=process, is_default=is_default)
    audit_record(actor=actor, action="create", obj=board, after=model_snapshot(board))
    return board


def board_default(*, actor, district) -> Board:
    """The district's default 공론장 board, made (by the system, for a year) when there is none."""
    board = Board.objects.in_district(district).filter(is_default=True).select_related("process").first()
    if board is not None:
        return board
    from madang.core.services import SYSTEM

    today = timezone.localdate()
    slug = f"gongnon-{today:%Y%m%d}"
    if Process.objects.in_district(district).filter(slug=slug).exists():
        slug = f"{slug}-{Process.objects.in_district(district).count() + 1}"
    return board_create(
        actor=SYSTEM,
        district=district,
        title=_("공론장"),
        slug=slug,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=365),
        description=_("시민제안에서 넘어온 의제를 함께 토론하는 공론장입니다."),
        is_default=True,
    )


def _touch_board(board_id: int, *, topics: int = 0) -> None:
    Board.objects.filter(pk=board_id).update(
        topic_count=F("topic_count") + topics, last_activity_at=timezone.now()
    )


# --- topics ---------------------------------------------------------------------------------------


def topic_create(*, actor, board: Board, title: str, body: str) -> Topic:
    """Start a topic on a board whose phase opens `discuss`; a new account's topic waits for review."""
    require_perm(actor, "forums.add_topic", board, _("지금 이 게시판에는 주제를 열 수 없습니다."))
    district = board.district
    creation_limit(actor=actor, district=district, what="topic")
    title, body = clean_title(title), clean_body(body, label=_("본문"))
    review = initial_review(actor, district)
    with transaction.atomic():
        topic = Topic.objects.create(
            district=district, board=board, author=actor, title=title, body=body, review=review
        )
        audit_record(actor=actor, action="create", obj=topic, after=model_snapshot(topic))
        if review == Review.APPROVED:
            _touch_board(board.pk, topics=1)
            _index(topic)
        _follow(actor, topic)
    return topic


OFFLINE_FIELDS = ("title", "body", "held_on", "place", "attendance")


def _offline_values(data: dict) -> dict:
    values = {
        "title": clean_title(data.get("title")),
        "body": clean_body(data.get("body"), label=_("요약")),
        "held_on": data.get("held_on"),
        "place": clean_line(data.get("place") or ""),
        "attendance": data.get("attendance"),
    }
    if not values["held_on"]:
        raise DomainError(_("개최일을 입력하세요."), code="required")
    if values["attendance"] is not None and not 0 <= int(values["attendance"]) <= 1_000_000:
        raise DomainError(_("참석 인원은 0에서 1000000 사이로 적어 주세요."), code="invalid")
    return values


@transaction.atomic
def topic_record_offline(*, actor, board: Board, data: dict) -> Topic:
    """Record an offline forum (마포지역포럼, 정책토론회): date, place, attendance and a summary."""
    require_perm(actor, "forums.record_offline", board, _("오프라인 포럼을 기록할 권한이 없습니다."))
    topic = Topic(
        district=board.district,
        board=board,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        kind=Topic.Kind.OFFLINE,
        **_offline_values(data),
    )
    validate_model(topic, exclude=["author"])
    topic.save(force_insert=True)
    audit_record(actor=actor, action="create", obj=topic, after=model_snapshot(topic))
    _touch_board(board.pk, topics=1)
    _index(topic)
    return topic


TOPIC_FIELDS = ("title", "body")


@transaction.atomic
def topic_update(*, actor, topic: Topic, data: dict) -> Topic:
    """Edit a topic (its author while open, or staff); the previous text is kept as a revision."""
    require_perm(actor, "forums.change_topic", topic, _("이 주제를 고칠 수 없습니다."))
    fields = OFFLINE_FIELDS if topic.is_offline else TOPIC_FIELDS
    if topic.is_offline:
        values = _offline_values({**{f: getattr(topic, f) for f in OFFLINE_FIELDS}, **data})
    else:
        values = {}
        if "title" in data:
            values["title"] = clean_title(data["title"])
        if "body" in data:
            values["body"] = clean_body(data["body"], label=_("본문"))
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    previous = TopicRevision(topic=topic, title=locked.title, body=locked.body, edited_by=_user(actor))
    topic, changed = model_update(instance=topic, fields=fields, data=values, actor=actor)
    if changed:
        previous.save(force_insert=True)
        topic.edited_at = timezone.now()
        Topic.objects.filter(pk=topic.pk).update(edited_at=topic.edited_at)
        if topic.review == Review.APPROVED:
            _index(topic)
    return topic


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def topic_close(*, actor, topic: Topic, conclusion: str) -> Topic:
    """Close a topic with a written conclusion (결론); a closed topic takes no comments."""
    require_perm(actor, "forums.close_topic", topic, _("주제를 닫을 권한이 없습니다."))
    conclusion = clean_body(conclusion, label=_("결론"))
    return transition(
        topic,
        source=Topic.Status.OPEN,
        target=Topic.Status.CLOSED,
        actor=actor,
        values={"conclusion": conclusion, "closed_at": timezone.now()},
        action="close",
        message=_("이미 닫힌 주제입니다."),
    )


def _decision(approve: bool, reason: str) -> tuple[str, str, str]:
    reason = clean_line(reason or "")[:500]
    if not approve and not reason:
        raise DomainError(_("반려할 때는 사유를 적어 주세요."), code="reason_required")
    return (Review.APPROVED, "approve", reason) if approve else (Review.REJECTED, "reject", reason)


def topic_decide(*, actor, topic: Topic, approve: bool, reason: str = "") -> Topic:
    """An operator approves (public from now) or rejects (with a reason) a pending topic."""
    require_perm(actor, "forums.review", topic.district, _("검토할 권한이 없습니다."))
    target, verb, reason = _decision(approve, reason)
    with transaction.atomic():
        transition(
            topic,
            source=Review.PENDING,
            target=target,
            actor=actor,
            field="review",
            values={"review_note": reason},
            action=verb,
        )
        if target == Review.APPROVED:
            _touch_board(topic.board_id, topics=1)
            _index(topic)
        if topic.author_id:
            message = (
                _("'%(title)s' 주제가 공개되었습니다.")
                if approve
                else _("'%(title)s' 주제가 반려되었습니다: %(reason)s")
            ) % {"title": topic.title[:60], "reason": reason}
            notify(user=topic.author, message=message, url=topic.get_absolute_url(), district=topic.district)
    return topic


# --- comments -------------------------------------------------------------------------------------


def comment_create(
    *, actor, topic: Topic, body: str, stance: str = "", parent: Comment | None = None
) -> Comment:
    """Comment on an open topic (or reply to a comment of it) in a phase that opens `comment`."""
    require_perm(actor, "forums.add_comment", topic, _("지금 이 주제에는 댓글을 달 수 없습니다."))
    if parent is not None:
        ensure_in_district(topic.district, parent)
        if parent.topic_id != topic.pk:
            raise DomainError(_("다른 주제의 댓글에는 답글을 달 수 없습니다."), code="invalid")
        if parent.review != Review.APPROVED:
            raise DomainError(_("아직 공개되지 않은 댓글에는 답글을 달 수 없습니다."), code="invalid")
    if stance not in Stance.values:
        raise DomainError(_("입장은 찬성·반대·중립 가운데 하나입니다."), code="invalid")
    district = topic.district
    creation_limit(actor=actor, district=district, what="comment")
    body = clean_body(body, label=_("댓글"))
    review = initial_review(actor, district)
    with transaction.atomic():
        comment = Comment.objects.create(
            district=district,
            topic=topic,
            parent=parent,
            root_id=(parent.root_id or parent.pk) if parent is not None else None,
            author=actor,
            body=body,
            stance=stance,
            review=review,
        )
        audit_record(actor=actor, action="create", obj=comment, after=model_snapshot(comment))
        if review == Review.APPROVED:
            _comment_public(comment)
        _follow(actor, topic)
    return comment


def _comment_public(comment: Comment) -> None:
    now = timezone.now()
    Topic.objects.filter(pk=comment.topic_id).update(
        comment_count=F("comment_count") + 1, last_activity_at=now
    )
    Board.objects.filter(pk=comment.topic.board_id).update(last_activity_at=now)
    _notify_comment(comment)


COMMENT_FIELDS = ("body", "stance")


@transaction.atomic
def comment_update(*, actor, comment: Comment, data: dict) -> Comment:
    require_perm(actor, "forums.change_comment", comment, _("이 댓글을 고칠 수 없습니다."))
    values = {}
    if "body" in data:
        values["body"] = clean_body(data["body"], label=_("댓글"))
    if "stance" in data:
        if data["stance"] not in Stance.values:
            raise DomainError(_("입장은 찬성·반대·중립 가운데 하나입니다."), code="invalid")
        values["stance"] = data["stance"]
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    previous = CommentRevision(
        comment=comment, body=locked.body, stance=locked.stance, edited_by=_user(actor)
    )
    comment, changed = model_update(instance=comment, fields=COMMENT_FIELDS, data=values, actor=actor)
    if changed:
        previous.save(force_insert=True)
        comment.edited_at = timezone.now()
        Comment.objects.filter(pk=comment.pk).update(edited_at=comment.edited_at)
    return comment


def comment_decide(*, actor, comment: Comment, approve: bool, reason: str = "") -> Comment:
    """An operator approves (public, followers told) or rejects (with a reason) a pending comment."""
    require_perm(actor, "forums.review", comment.district, _("검토할 권한이 없습니다."))
    target, verb, reason = _decision(approve, reason)
    with transaction.atomic():
        transition(
            comment,
            source=Review.PENDING,
            target=target,
            actor=actor,
            field="review",
            values={"review_note": reason},
            action=verb,
        )
        if target == Review.APPROVED:
            _comment_public(comment)
        if comment.author_id:
            message = (
                _("'%(title)s'에 남긴 댓글이 공개되었습니다.")
                if approve
                else _("'%(title)s'에 남긴 댓글이 반려되었습니다: %(reason)s")
            ) % {"title": comment.topic.title[:60], "reason": reason}
            notify(
                user=comment.author,
                message=message,
                url=comment.get_absolute_url(),
                district=comment.district,
            )
    return comment


# --- likes ----------------------------------------------------------------------------------------


def _like(*, actor, obj, perm: str, like_model, field: str) -> bool:
    require_perm(actor, perm, obj, _("좋아요를 누를 수 없습니다."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                like_model.objects.create(**{field: obj, "user": actor})
        except IntegrityError:
            return False  # already liked: once per person
        type(obj).objects.filter(pk=obj.pk).update(like_count=F("like_count") + 1)
        audit_record(actor=actor, action="like", obj=obj)
    obj.refresh_from_db(fields=["like_count"])
    return True


def _unlike(*, actor, obj, like_model, field: str) -> bool:
    if not getattr(actor, "is_authenticated", False):
        raise DomainError(_("로그인하세요."), code="forbidden")
    with transaction.atomic():
        deleted, _rows = like_model.objects.filter(**{field: obj, "user": actor}).delete()
        if not deleted:
            return False
        type(obj).objects.filter(pk=obj.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
        audit_record(actor=actor, action="unlike", obj=obj)
    obj.refresh_from_db(fields=["like_count"])
    return True


def topic_like(*, actor, topic: Topic) -> bool:
    """Like a topic once; True when this call added the like."""
    return _like(actor=actor, obj=topic, perm="forums.like_topic", like_model=TopicLike, field="topic")


def topic_unlike(*, actor, topic: Topic) -> bool:
    return _unlike(actor=actor, obj=topic, like_model=TopicLike, field="topic")


def comment_like(*, actor, comment: Comment) -> bool:
    return _like(
        actor=actor, obj=comment, perm="forums.like_comment", like_model=CommentLike, field="comment"
    )


def comment_unlike(*, actor, comment: Comment) -> bool:
    return _unlike(actor=actor, obj=comment, like_model=CommentLike, field="comment")


# --- from other apps ------------------------------------------------------------------------------


@transaction.atomic
def topic_open_from_source(*, actor, district, title: str, body: str, source_url: str) -> Topic:
    """The `forums.open_topic` handoff: a proposal crossed a tier whose action opens a 공론장. The
    topic opens (public, the proposal being public already) on the district's default board, with a
    link back to the proposal; the caller (proposals) has checked its own permissions."""
    board = board_default(actor=actor, district=district)
    topic = Topic.objects.create(
        district=district,
        board=board,
        author=_user(actor),
        title=clean_title(title),
        body=clean_body(body, label=_("본문")),
        source_url=clean_line(source_url or "")[:500],
    )
    audit_record(
        actor=actor, action="create", obj=topic, after=model_snapshot(topic), note="forums.open_topic"
    )
    _touch_board(board.pk, topics=1)
    _index(topic)
    return topic


# --- personal data --------------------------------------------------------------------------------


def forums_erase(user) -> None:
    """On account deletion: topics and comments stay, by "탈퇴한 회원"; likes go, counters follow."""
    Topic.objects.filter(likes__user=user, like_count__gt=0).update(like_count=F("like_count") - 1)
    Comment.objects.filter(likes__user=user, like_count__gt=0).update(like_count=F("like_count") - 1)
    TopicLike.objects.filter(user=user).delete()
    CommentLike.objects.filter(user=user).delete()
    Topic.objects.filter(author=user).update(author=None)
    Comment.objects.filter(author=user).update(author=None)
    TopicRevision.objects.filter(edited_by=user).update(edited_by=None)
    CommentRevision.objects.filter(edited_by=user).update(edited_by=None)
