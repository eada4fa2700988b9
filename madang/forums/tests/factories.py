import datetime

import factory
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.districts.tests.factories import DistrictFactory
from madang.forums.models import Board, Comment, Topic
from madang.processes.models import Phase, Process
from madang.processes.tests.factories import ProcessFactory


def forum_process(district, *, features=("discuss", "comment"), published=True, **kwargs) -> Process:
    """A forum process open now (one phase from yesterday to 60 days on) with `features`."""
    process = ProcessFactory(district=district, kind=Process.Kind.FORUM, is_published=published, **kwargs)
    now = timezone.now()
    Phase.objects.create(
        process=process,
        name="토론",
        features=list(features),
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=40),
    )
    return process


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    district = factory.SubFactory(DistrictFactory)
    process = factory.LazyAttribute(lambda o: forum_process(o.district))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    board = factory.SubFactory(BoardFactory)
    district = factory.LazyAttribute(lambda o: o.board.district)
    author = factory.LazyAttribute(lambda o: user_with_role(Role.RESIDENT, o.board.district))
    title = factory.Sequence(lambda n: f"토론 주제 {n}")
    body = "함께 이야기해 봐요."


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    topic = factory.SubFactory(TopicFactory)
    district = factory.LazyAttribute(lambda o: o.topic.district)
    author = factory.LazyAttribute(lambda o: user_with_role(Role.RESIDENT, o.topic.district))
    body = factory.Sequence(lambda n: f"댓글 {n}")


def trusted_resident(district):
    """A 주민 past the new-account days whose posts go public at once (one approved post already)."""
    user = user_with_role(Role.RESIDENT, district, date_joined=timezone.now() - datetime.timedelta(days=30))
    TopicFactory(board=BoardFactory(district=district), author=user)
    return user


def new_resident(district):
    return user_with_role(Role.RESIDENT, district)


__all__ = ["UserFactory", "new_resident", "trusted_resident"]
