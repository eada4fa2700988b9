"""The forums' district-scoped URLs with an object id, for the tenancy walk (core/tests/test_tenancy.py)."""

from madang.core.testing import tenancy_exempt, tenancy_list, tenancy_url
from madang.forums.models import Review

from .factories import BoardFactory, CommentFactory, TopicFactory, forum_process

tenancy_exempt("forums:board_create", "a form: it lists only the district's committees (BoardForm)")


@tenancy_url("forums:board_detail", "forums:topic_create", "forums:offline_create", "api:forum-board-detail")
def board(district):
    return {"pk": BoardFactory(district=district).pk}


@tenancy_url(
    "forums:topic_detail",
    "forums:topic_edit",
    "forums:topic_close",
    "forums:topic_history",
    "forums:topic_like",
    "forums:comment_create",
    "forums:topic_decide",
    "api:topic-detail",
    "api:topic-comments",
)
def topic(district):
    return {"pk": TopicFactory(board=BoardFactory(district=district)).pk}


@tenancy_url("forums:comment_edit", "forums:comment_history", "forums:comment_like", "forums:comment_decide")
def comment(district):
    return {"pk": CommentFactory(topic=TopicFactory(board=BoardFactory(district=district))).pk}


@tenancy_list("forums:board_list", "api:forum-board-list")
def boards(district):
    process = forum_process(district, title=f"게시판확인 {district.slug}")
    return BoardFactory(district=district, process=process).process.title, {}


@tenancy_list("forums:review")
def pending(district):
    topic = TopicFactory(
        board=BoardFactory(district=district), title=f"검토확인 {district.slug}", review=Review.PENDING
    )
    return topic.title, {}


@tenancy_list("api:topic-list", "forums:overview")
def topics(district):
    topic = TopicFactory(board=BoardFactory(district=district), title=f"주제확인 {district.slug}")
    return topic.title, {}
