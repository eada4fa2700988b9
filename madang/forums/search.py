"""What the forums index for the Korean search: a topic's title, body and conclusion.

Services call `index_topic` in the transaction of the change, once the topic is public.
"""

from __future__ import annotations

from madang.core.search import IndexItem, index_put, index_put_many, index_remove

from .models import Topic

OBJECT_TYPE = "forum_topic"


def _text(topic: Topic) -> str:
    return " ".join([topic.title, topic.place, topic.body, topic.conclusion])


def index_topic(topic: Topic) -> None:
    index_put(object_type=OBJECT_TYPE, object_id=topic.pk, district_id=topic.district_id, text=_text(topic))


def index_topics(topics) -> None:
    index_put_many(
        [
            IndexItem(object_type=OBJECT_TYPE, object_id=t.pk, district_id=t.district_id, text=_text(t))
            for t in topics
        ]
    )


def unindex_topic(topic: Topic) -> None:
    index_remove(object_type=OBJECT_TYPE, object_id=topic.pk)
