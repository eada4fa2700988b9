import datetime

import factory
from django.utils import timezone

from madang.arenas.models import AgendaItem, Arena, Attendance, Decision, FollowUp, Seat, Session
from madang.districts.tests.factories import DistrictFactory


class ArenaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Arena

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"시험협치회의{n}")
    kind = Arena.Kind.COUNCIL
    seat_cap = 35


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    arena = factory.SubFactory(ArenaFactory)
    seat_kind = Seat.Kind.CIVIL
    role = Seat.Role.MEMBER
    name = factory.Sequence(lambda n: f"위원{n}")
    term_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    term_end = None


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    arena = factory.SubFactory(ArenaFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    place = "구청 대회의실"
    status = Session.Status.HELD


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"안건{n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    outcome = Decision.Outcome.PASSED


def department(district, name="자치행정과"):
    from madang.districts.models import Department

    return Department.objects.get_or_create(district=district, name=name)[0]


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    arena = factory.SubFactory(ArenaFactory)
    district = factory.SelfAttribute("arena.district")
    title = factory.Sequence(lambda n: f"후속 조치{n}")
    department = factory.LazyAttribute(lambda o: department(o.arena.district))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


def held_session(arena, *, attendees: int = 5, **kwargs) -> Session:
    """A held session with `attendees` members present (and their seats)."""
    session = SessionFactory(arena=arena, **kwargs)
    seats = [SeatFactory(arena=arena) for _ in range(attendees)]
    Attendance.objects.bulk_create([Attendance(session=session, seat=s) for s in seats])
    session.attendance_count = attendees
    session.save(update_fields=["attendance_count"])
    return session
