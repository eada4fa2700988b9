"""Role × action × phase matrix for the forums' permissions (processes.testing.phase_matrix)."""

import pytest

from madang.accounts.models import Role
from madang.forums.models import Review
from madang.processes.testing import AFTER, ANONYMOUS, BEFORE, OTHER_DISTRICT, OUTSIDER, phase_matrix

from .factories import BoardFactory, TopicFactory

pytestmark = pytest.mark.django_db

PHASES = {"토론": ["discuss", "comment"], "댓글만": ["comment"], "정리": []}
MOMENTS = [BEFORE, *PHASES, AFTER]
ROLES = [ANONYMOUS, OUTSIDER, OTHER_DISTRICT, *Role]
MEMBERS = set(Role)  # every role in the district (and 시 관리자) takes part
STAFF = {Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN}


def _board(process):
    return BoardFactory(district=process.district, process=process)


def _topic(process, **kwargs):
    return TopicFactory(board=_board(process), **kwargs)


def test_opening_a_topic_needs_a_discuss_phase_and_a_role_in_the_district(gangbuk):
    phase_matrix(
        "forums.add_topic",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed={(r, "토론") for r in MEMBERS},
        obj=_board,
    )


def test_commenting_needs_a_comment_phase(gangbuk):
    phase_matrix(
        "forums.add_comment",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed={(r, m) for r in MEMBERS for m in ("토론", "댓글만")},
        obj=_topic,
    )


def test_closed_or_unreviewed_topics_take_no_comments_in_any_phase(gangbuk):
    for state in ({"status": "closed"}, {"review": Review.PENDING}):
        phase_matrix(
            "forums.add_comment",
            district=gangbuk,
            phases=PHASES,
            roles=ROLES,
            allowed=set(),
            obj=lambda process, state=state: _topic(process, **state),
        )


def test_likes_need_no_phase(gangbuk):
    phase_matrix(
        "forums.like_topic",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed={(r, m) for r in MEMBERS for m in MOMENTS},
        obj=_topic,
    )


@pytest.mark.parametrize("perm", ["forums.close_topic", "forums.record_offline"])
def test_staff_close_topics_and_record_offline_forums_in_any_phase(gangbuk, perm):
    phase_matrix(
        perm,
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed={(r, m) for r in STAFF for m in MOMENTS},
        obj=_topic if perm == "forums.close_topic" else _board,
    )


def test_an_unpublished_board_opens_nothing(gangbuk):
    phase_matrix(
        "forums.add_topic",
        district=gangbuk,
        phases=PHASES,
        roles=ROLES,
        allowed=set(),
        obj=_board,
        published=False,
    )


def test_authors_edit_their_open_topics_staff_edit_any(gangbuk, mapo):
    from madang.accounts.tests.factories import user_with_role

    topic = TopicFactory(board=BoardFactory(district=gangbuk))
    other = user_with_role(Role.RESIDENT, gangbuk)
    assert topic.author.has_perm("forums.change_topic", topic)
    assert topic.author.has_perm("forums.view_topic_history", topic)
    assert not other.has_perm("forums.change_topic", topic)
    assert not other.has_perm("forums.view_topic_history", topic)
    assert user_with_role(Role.OPERATOR, gangbuk).has_perm("forums.change_topic", topic)
    assert not user_with_role(Role.OPERATOR, mapo).has_perm("forums.change_topic", topic)
    topic.status = "closed"
    assert not topic.author.has_perm("forums.change_topic", topic)
    assert user_with_role(Role.OPERATOR, gangbuk).has_perm("forums.change_topic", topic)


@pytest.mark.parametrize("perm", ["forums.review", "forums.add_board", "forums.skip_rate_limit"])
def test_district_staff_permissions(gangbuk, mapo, perm):
    from madang.accounts.tests.factories import user_with_role

    for role in Role:
        assert user_with_role(role, gangbuk).has_perm(perm, gangbuk) == (role in STAFF), role
    assert not user_with_role(Role.OPERATOR, mapo).has_perm(perm, gangbuk)
