"""Forums (포럼): boards, topics with threaded comments, stances, likes and edit history.

A `Board` is a `processes.Process` of kind `forum` (its phases open `discuss` — new topics — and
`comment`); a board may belong to a 의제별 네트워크·분과 through the process's `committee`. A `Topic` is
a discussion, or the record of an offline forum (마포지역포럼, 정책토론회) with its date, place and
attendance. Counters (`comment_count`, `like_count`) are kept in the database with F() updates; likes
are one row per person (unique constraint). Every edit keeps the previous text in a revision row.
Whatever a new account posts waits for an operator's review (`review`) before it is public.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from madang.core.models import Moderated, ModeratedQuerySet, TimeStampedModel
from madang.core.tenancy import DistrictOwned, DistrictScopedModel

ERASED_AUTHOR = _("탈퇴한 회원")


class Review(models.TextChoices):
    """Review state of a post. Staff and trusted accounts post `approved`; a new account's posts wait."""

    PENDING = "pending", _("검토 중")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")


class Stance(models.TextChoices):
    NONE = "", _("의견 표시 없음")
    FOR = "for", _("찬성")
    AGAINST = "against", _("반대")
    NEUTRAL = "neutral", _("중립")


class Board(DistrictOwned, TimeStampedModel):
    """A discussion board (게시판): one forum process of the district, optionally of a committee."""

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="forum_boards"
    )
    process = models.OneToOneField(
        "processes.Process", verbose_name=_("참여 과정"), on_delete=models.CASCADE, related_name="forum_board"
    )
    is_default = models.BooleanField(
        _("기본 공론장"), default=False, help_text=_("시민제안이 공론장으로 넘어올 때 주제를 여는 게시판")
    )
    topic_count = models.PositiveIntegerField(_("주제 수"), default=0)
    last_activity_at = models.DateTimeField(_("최근 활동"), null=True, blank=True)

    class Meta:
        verbose_name = _("포럼 게시판")
        verbose_name_plural = _("포럼 게시판")
        ordering = ["-is_default", "-last_activity_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district"],
                condition=models.Q(is_default=True),
                name="forum_one_default_board",
                violation_error_message=_("기본 공론장은 자치구에 하나뿐입니다."),
            )
        ]

    def __str__(self) -> str:
        return self.process.title if self.process_id else ""

    @property
    def title(self) -> str:
        return self.process.title

    def get_absolute_url(self) -> str:
        return reverse("forums:board_detail", kwargs={"district": self.district.slug, "pk": self.pk})


class PostQuerySet(ModeratedQuerySet):
    def public(self):
        """Approved posts (hidden-by-reports ones are removed on top with `.visible()`)."""
        return self.filter(review=Review.APPROVED)

    def readable_by(self, user, *, staff: bool):
        """Approved posts, plus the person's own pending ones; staff read all but rejected."""
        if staff:
            return self.exclude(review=Review.REJECTED)
        if getattr(user, "is_authenticated", False):
            return self.filter(
                models.Q(review=Review.APPROVED) | models.Q(review=Review.PENDING, author=user)
            )
        return self.public()


class Topic(Moderated, DistrictOwned, TimeStampedModel):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("온라인 토론")
        OFFLINE = "offline", _("오프라인 포럼 기록")

    class Status(models.TextChoices):
        OPEN = "open", _("진행 중")
        CLOSED = "closed", _("종료")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("자치구"), on_delete=models.PROTECT, related_name="forum_topics"
    )
    board = models.ForeignKey(
        Board, verbose_name=_("게시판"), on_delete=models.CASCADE, related_name="topics"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
    )
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("본문"), max_length=20000)
    status = models.CharField(_("진행 상태"), max_length=10, choices=Status.choices, default=Status.OPEN)
    review = models.CharField(_("검토"), max_length=10, choices=Review.choices, default=Review.APPROVED)
    review_note = models.CharField(_("검토 메모"), max_length=500, blank=True)
    conclusion = models.TextField(_("결론"), blank=True, max_length=20000)
    closed_at = models.DateTimeField(_("종료 일시"), null=True, blank=True)
    source_url = models.URLField(_("원래 글 주소"), blank=True, max_length=500)
    # an offline forum's record
    held_on = models.DateField(_("개최일"), null=True, blank=True)
    place = models.CharField(_("장소"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(_("참석 인원"), null=True, blank=True)
    # counters kept in the database (F() updates), never counted per row per request
    comment_count = models.PositiveIntegerField(_("댓글 수"), default=0)
    like_count = models.PositiveIntegerField(_("좋아요 수"), default=0)
    last_activity_at = models.DateTimeField(_("최근 활동"), auto_now_add=True)
    edited_at = models.DateTimeField(_("수정한 때"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("토론 주제")
        verbose_name_plural = _("토론 주제")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["board", "review", "-created_at"], name="topic_board_new"),
            models.Index(fields=["board", "review", "-last_activity_at"], name="topic_board_active"),
            models.Index(fields=["board", "review", "status"], name="topic_board_status"),
            models.Index(fields=["district", "review", "-created_at"], name="topic_district_new"),
            models.Index(fields=["board", "review", "moderation", "-created_at"], name="topic_board_visible"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def process(self):
        return self.board.process

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_offline(self) -> bool:
        return self.kind == self.Kind.OFFLINE

    @property
    def author_name(self) -> str:
        return self.author.display_name if self.author_id else str(ERASED_AUTHOR)

    def get_absolute_url(self) -> str:
        return reverse("forums:topic_detail", kwargs={"district": self.district.slug, "pk": self.pk})


class Comment(Moderated, DistrictOwned, TimeStampedModel):
    """A comment on a topic, or a reply to another comment (`parent`); `root` is its thread's first
    comment (itself for a top-level comment's replies to point at)."""

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("자치구"),
        on_delete=models.PROTECT,
        related_name="forum_comments",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("주제"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("답글 대상"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    root = models.ForeignKey(
        "self", verbose_name=_("스레드"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_comments",
    )
    body = models.TextField(_("내용"), max_length=20000)
    stance = models.CharField(_("입장"), max_length=10, choices=Stance.choices, blank=True, default="")
    review = models.CharField(_("검토"), max_length=10, choices=Review.choices, default=Review.APPROVED)
    review_note = models.CharField(_("검토 메모"), max_length=500, blank=True)
    like_count = models.PositiveIntegerField(_("좋아요 수"), default=0)
    edited_at = models.DateTimeField(_("수정한 때"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("댓글")
        verbose_name_plural = _("댓글")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["topic", "review", "root", "created_at"], name="comment_thread"),
            models.Index(fields=["topic", "review", "stance"], name="comment_stance"),
            models.Index(fields=["district", "review", "created_at"], name="comment_district_new"),
        ]

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def process(self):
        return self.topic.board.process

    @property
    def author_name(self) -> str:
        return self.author.display_name if self.author_id else str(ERASED_AUTHOR)

    def get_absolute_url(self) -> str:
        return f"{self.topic.get_absolute_url()}#comment-{self.pk}"


class TopicLike(DistrictScopedModel):
    district_path = "topic__district"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_topic_likes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("주제 좋아요")
        verbose_name_plural = _("주제 좋아요")
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="topic_like_once")]


class CommentLike(DistrictScopedModel):
    district_path = "comment__district"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_comment_likes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("댓글 좋아요")
        verbose_name_plural = _("댓글 좋아요")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="comment_like_once")]


class TopicRevision(DistrictScopedModel):
    """The text of a topic before one edit."""

    district_path = "topic__district"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("본문"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("수정한 때"), auto_now_add=True)

    class Meta:
        verbose_name = _("주제 수정 기록")
        verbose_name_plural = _("주제 수정 기록")
        ordering = ["-created_at", "-pk"]


class CommentRevision(DistrictScopedModel):
    """The text of a comment before one edit."""

    district_path = "comment__district"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("내용"))
    stance = models.CharField(_("입장"), max_length=10, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("수정한 때"), auto_now_add=True)

    class Meta:
        verbose_name = _("댓글 수정 기록")
        verbose_name_plural = _("댓글 수정 기록")
        ordering = ["-created_at", "-pk"]
