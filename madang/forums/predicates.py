"""Predicates about a person and a forum post (a person's roles are read once per request by accounts).

The object is a District, a Board, a Topic or a Comment: all of them carry `district_id`.
"""

from __future__ import annotations

import rules

from madang.accounts.predicates import is_city_admin, is_district_staff, user_roles


def district_id_of(obj) -> int | None:
    if obj is None:
        return None
    if getattr(getattr(obj, "_meta", None), "label_lower", "") == "districts.district":
        return obj.pk
    return getattr(obj, "district_id", None)


@rules.predicate
def is_district_participant(user, obj) -> bool:
    """Holds any role in the object's district (주민, 활동가, 공무원, 운영진, 구 관리자) or is 시 관리자."""
    district_id = district_id_of(obj)
    if district_id is None:
        return False
    return any(d == district_id for d, _role in user_roles(user)) or is_city_admin(user)


@rules.predicate
def is_author(user, obj) -> bool:
    author = getattr(obj, "author_id", None)
    return author is not None and getattr(user, "is_authenticated", False) and author == user.pk


def _topic_of(obj):
    if getattr(getattr(obj, "_meta", None), "label_lower", "") == "forums.topic":
        return obj
    return getattr(obj, "topic", None)


@rules.predicate
def topic_is_open(user, obj) -> bool:
    """The topic (of a comment) is still open: a closed topic takes no comments or edits."""
    topic = _topic_of(obj)
    return topic is not None and topic.status == "open"


@rules.predicate
def topic_is_public(user, obj) -> bool:
    """The topic (of a comment) passed review and is not hidden by reports."""
    topic = _topic_of(obj)
    return topic is not None and topic.review == "approved" and not topic.is_hidden


is_staff = is_district_staff
