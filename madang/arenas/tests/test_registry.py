import datetime

import pytest
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.arenas import services
from madang.arenas.models import Arena, FollowUp, Seat, Session
from madang.arenas.tests.factories import (
    AgendaItemFactory,
    ArenaFactory,
    DecisionFactory,
    FollowUpFactory,
    SessionFactory,
)
from madang.core import registry

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_metrics_count_in_the_range(gangbuk, mapo):
    today = timezone.localdate()
    arena = ArenaFactory(district=gangbuk)
    held = SessionFactory(arena=arena, starts_at=timezone.now() - DAY)
    SessionFactory(arena=arena, starts_at=timezone.now() - 400 * DAY)
    SessionFactory(arena=arena, status="cancelled", starts_at=timezone.now() - DAY)
    DecisionFactory(item=AgendaItemFactory(session=held))
    SessionFactory(arena=ArenaFactory(district=mapo), starts_at=timezone.now() - DAY)
    op = user_with_role(Role.OPERATOR, gangbuk)
    on_time = FollowUpFactory(arena=arena, due_on=today + DAY)
    late = FollowUpFactory(arena=arena, due_on=today - DAY)
    services.followup_complete(actor=op, followup=on_time, note="완료")
    services.followup_complete(actor=op, followup=late, note="늦게 완료")
    start = today - 30 * DAY
    value = lambda name: registry.metric_value(name, gangbuk, start, today)  # noqa: E731
    assert value("arenas.sessions_held") == 1
    assert value("arenas.decisions") == 1
    assert value("arenas.followups_done") == 2
    assert value("arenas.followups_on_time") == 1


def test_summary_for_the_public_sphere_overview(gangbuk):
    arena = ArenaFactory(district=gangbuk)
    SessionFactory(arena=arena, number=4, status="scheduled", starts_at=timezone.now() + DAY)
    FollowUpFactory(arena=arena, due_on=timezone.localdate() - DAY)
    ArenaFactory(district=gangbuk, is_active=False)
    [provider] = [p for p in registry.summary_providers() if p.name == "arenas"]
    summary = provider.fn(gangbuk, None)
    assert summary.count == 1 and summary.url == "/gangbuk/arenas/"
    assert [item.title for item in summary.items] == [f"{arena.name} 제4차 회의"]


def test_demo_loads_once_with_what_the_issue_asks(seoul):
    from django.core.management import call_command

    from madang.districts.models import District

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    mapo = District.objects.get(slug="mapo")
    council = Arena.objects.get(district=mapo, name="마포구 협치회의")
    today = timezone.localdate()
    assert Seat.objects.filter(arena=council).active_on(today).count() == 35
    assert set(
        Seat.objects.filter(arena=council, role__in=Seat.COCHAIRS).values_list("role", flat=True)
    ) == set(Seat.COCHAIRS)
    assert Session.objects.filter(arena=council, status="held", minutes_status="published").exists()
    assert FollowUp.objects.filter(arena=council, status="done").exists()
    assert FollowUp.objects.filter(arena=council).overdue().count() >= 1
    gangbuk = District.objects.get(slug="gangbuk")
    assert set(Arena.objects.filter(district=gangbuk).values_list("kind", flat=True)) == {"standing", "dong"}
    counts = (Arena.objects.count(), Session.objects.count(), FollowUp.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Arena.objects.count(), Session.objects.count(), FollowUp.objects.count()) == counts
