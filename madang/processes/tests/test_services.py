import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.models import AuditEntry
from madang.core.services import DomainError
from madang.districts.tests.factories import DongFactory
from madang.processes import services
from madang.processes.models import Phase, Process
from madang.processes.predicates import phase_current
from madang.processes.tests.factories import PhaseFactory, ProcessFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def at(month, day, hour=0):
    return datetime.datetime(2026, month, day, hour, tzinfo=SEOUL)


@pytest.fixture
def operator(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


@pytest.fixture
def process(gangbuk):
    return ProcessFactory(
        district=gangbuk, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 5, 31)
    )


def create(actor, district, **kwargs):
    data = {
        "kind": Process.Kind.PROPOSALS,
        "title": "2026 시민제안",
        "slug": "proposals-2026",
        "starts_on": datetime.date(2026, 3, 2),
        "ends_on": datetime.date(2026, 6, 30),
        **kwargs,
    }
    return services.process_create(actor=actor, district=district, **data)


def test_process_create_is_audited(gangbuk, operator):
    dong = DongFactory(district=gangbuk)
    process = create(operator, gangbuk, dong=dong)
    assert process.district == gangbuk and process.dong == dong and not process.is_published
    entry = AuditEntry.objects.get(object_type="processes.process")
    assert (entry.action, entry.district, entry.actor) == ("create", gangbuk, operator)
    assert entry.after["slug"] == "proposals-2026"


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.DISTRICT_ADMIN, Role.CITY_ADMIN])
def test_staff_may_manage(gangbuk, role):
    assert create(user_with_role(role, gangbuk), gangbuk).pk


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.ORG_MEMBER, Role.OFFICIAL])
def test_others_may_not(gangbuk, role):
    with pytest.raises(DomainError) as error:
        create(user_with_role(role, gangbuk), gangbuk)
    assert error.value.code == "forbidden" and "권한" in error.value.message
    assert not Process.objects.exists() and not AuditEntry.objects.exists()


def test_operator_of_another_district_may_not(gangbuk, mapo):
    with pytest.raises(DomainError):
        create(user_with_role(Role.OPERATOR, mapo), gangbuk)


def test_end_before_start_is_refused_in_korean(gangbuk, operator):
    with pytest.raises(DomainError) as error:
        create(operator, gangbuk, ends_on=datetime.date(2026, 3, 1))
    assert error.value.message == "종료일은 시작일보다 빠를 수 없습니다."
    assert not AuditEntry.objects.exists()


def test_duplicate_slug_in_district_is_refused_but_other_district_may_reuse(gangbuk, mapo, operator):
    create(operator, gangbuk)
    with pytest.raises(DomainError) as error:
        create(operator, gangbuk, title="다른 제목")
    assert "주소 이름" in error.value.message
    assert create(user_with_role(Role.OPERATOR, mapo), mapo).slug == "proposals-2026"


def test_reserved_slug(gangbuk, operator):
    with pytest.raises(DomainError):
        create(operator, gangbuk, slug="new")


def test_scope_from_another_district_is_refused(gangbuk, mapo, operator):
    with pytest.raises(DomainError) as error:
        create(operator, gangbuk, dong=DongFactory(district=mapo))
    assert error.value.code == "out_of_district"
    Committee = apps.get_model("network", "Committee")
    theirs = Committee.objects.create(district=mapo, name="마포 돌봄분과", kind="subcommittee")
    with pytest.raises(DomainError):
        create(operator, gangbuk, committee=theirs)
    ours = Committee.objects.create(district=gangbuk, name="강북 돌봄분과", kind="issue_network")
    assert create(operator, gangbuk, committee=ours).committee == ours


def test_process_update_audits_before_and_after(process, operator):
    services.process_update(actor=operator, process=process, data={"title": "새 제목", "kind": "forum"})
    process.refresh_from_db()
    assert process.title == "새 제목"
    entry = AuditEntry.objects.get(action="update")
    assert entry.before["title"] != "새 제목" and entry.after == {"title": "새 제목", "kind": "forum"}


def test_publishing_alone_is_a_publish_entry(process, operator):
    process.is_published = False
    process.save()
    services.process_update(actor=operator, process=process, data={"is_published": True})
    assert AuditEntry.objects.get().action == "publish"


def test_process_update_keeps_phases_inside(process, operator):
    PhaseFactory(process=process, starts_at=at(5, 1), ends_at=at(5, 20))
    with pytest.raises(DomainError) as error:
        services.process_update(actor=operator, process=process, data={"ends_on": datetime.date(2026, 5, 10)})
    assert error.value.code == "phase_outside_process"
    process.refresh_from_db()
    assert process.ends_on == datetime.date(2026, 5, 31) and not AuditEntry.objects.exists()


def test_process_update_refuses_end_before_start(process, operator):
    with pytest.raises(DomainError):
        services.process_update(actor=operator, process=process, data={"ends_on": datetime.date(2026, 1, 1)})


def test_process_delete_audits_and_removes_phases(process, operator):
    PhaseFactory(process=process, starts_at=at(3, 2), ends_at=at(3, 9))
    services.process_delete(actor=operator, process=process)
    assert not Process.objects.exists() and not Phase.objects.exists()
    entry = AuditEntry.objects.get()
    assert entry.action == "delete" and entry.before["slug"] == process.slug


def test_phase_add_and_current(process, operator):
    phase = services.phase_add(
        actor=operator,
        process=process,
        name="제안 모집",
        starts_at=at(3, 2),
        ends_at=at(3, 16),
        features=["propose", "comment", "propose"],
    )
    assert phase.features == ["propose", "comment"] and phase.order == 0
    assert phase_current(process, at(3, 10)) == phase
    entry = AuditEntry.objects.get(object_type="processes.phase")
    assert entry.action == "create" and entry.district == process.district


@pytest.mark.parametrize(
    ("starts", "ends", "code"),
    [
        ((3, 10), (3, 20), "phase_overlap"),  # overlaps the existing 3/5 – 3/15
        ((3, 1), (3, 6), "phase_overlap"),
        ((3, 6), (3, 7), "phase_overlap"),  # inside it
        ((3, 1), (3, 30), "phase_overlap"),  # around it
        ((2, 20), (3, 3), "phase_outside_process"),
        ((5, 25), (6, 2), "phase_outside_process"),
        ((3, 20), (3, 18), "invalid_dates"),
    ],
)
def test_phase_add_refusals(process, operator, starts, ends, code):
    PhaseFactory(process=process, name="기존 단계", starts_at=at(3, 5), ends_at=at(3, 15))
    with pytest.raises(DomainError) as error:
        services.phase_add(
            actor=operator, process=process, name="새 단계", starts_at=at(*starts), ends_at=at(*ends)
        )
    assert error.value.code == code
    if code == "phase_overlap":
        assert "'기존 단계' 단계와 기간이 겹칩니다" in error.value.message
    assert Phase.objects.count() == 1 and not AuditEntry.objects.exists()


def test_adjacent_phases_and_whole_last_day_are_fine(process, operator):
    PhaseFactory(process=process, starts_at=at(3, 5), ends_at=at(3, 15))
    services.phase_add(actor=operator, process=process, name="다음", starts_at=at(3, 15), ends_at=at(6, 1))
    assert Phase.objects.count() == 2


def test_phase_add_refuses_unknown_feature_and_non_staff(process, operator, gangbuk):
    with pytest.raises(DomainError) as error:
        services.phase_add(
            actor=operator, process=process, name="x", starts_at=at(3, 2), ends_at=at(3, 3), features=["fly"]
        )
    assert "알 수 없는 활동" in error.value.message
    with pytest.raises(DomainError) as error:
        services.phase_add(
            actor=user_with_role(Role.RESIDENT, gangbuk),
            process=process,
            name="x",
            starts_at=at(3, 2),
            ends_at=at(3, 3),
        )
    assert error.value.code == "forbidden"


def test_phase_update_moves_without_overlap(process, operator):
    first = PhaseFactory(process=process, name="하나", starts_at=at(3, 5), ends_at=at(3, 15))
    second = PhaseFactory(process=process, name="둘", starts_at=at(3, 15), ends_at=at(3, 25))
    # moving within its own slot is fine (it is not compared with itself)
    services.phase_update(actor=operator, phase=second, data={"starts_at": at(3, 16), "features": ["vote"]})
    second.refresh_from_db()
    assert second.starts_at == at(3, 16) and second.features == ["vote"]
    entry = AuditEntry.objects.get(object_type="processes.phase")
    assert entry.action == "update" and entry.district == process.district
    with pytest.raises(DomainError) as error:
        services.phase_update(actor=operator, phase=second, data={"starts_at": at(3, 14)})
    assert error.value.code == "phase_overlap"
    with pytest.raises(DomainError) as error:
        services.phase_update(actor=operator, phase=first, data={"ends_at": at(3, 5)})
    assert error.value.code == "invalid_dates"
    second.refresh_from_db()
    assert second.starts_at == at(3, 16)


def test_phase_update_refreshes_the_cached_current_phase(process, operator):
    phase = PhaseFactory(process=process, starts_at=at(3, 5), ends_at=at(3, 15))
    assert phase_current(process, at(3, 20)) is None
    phase.process = process
    services.phase_update(actor=operator, phase=phase, data={"ends_at": at(3, 25)})
    assert phase_current(process, at(3, 20)) == phase


def test_phase_delete_is_audited(process, operator):
    phase = PhaseFactory(process=process, starts_at=at(3, 5), ends_at=at(3, 15))
    services.phase_delete(actor=operator, phase=phase)
    assert not Phase.objects.exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.district) == (
        "delete",
        "processes.phase",
        process.district,
    )


def test_database_refuses_inverted_dates(process):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Phase.objects.create(process=process, name="x", starts_at=at(3, 5), ends_at=at(3, 5))
    with pytest.raises(IntegrityError), transaction.atomic():
        Process.objects.filter(pk=process.pk).update(ends_on=datetime.date(2026, 1, 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_phases_make_one(gangbuk):
    import threading

    from django.db import connection

    process = ProcessFactory(
        district=gangbuk, starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 5, 31)
    )
    operators = [user_with_role(Role.OPERATOR, gangbuk) for _ in range(5)]
    barrier = threading.Barrier(len(operators))
    outcomes = []

    def add(i, operator):
        try:
            barrier.wait()
            services.phase_add(
                actor=operator,
                process=Process.objects.get(pk=process.pk),
                name=f"단계 {i}",
                starts_at=at(3, 2 + i),
                ends_at=at(3, 20 + i),
            )
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(i, op)) for i, op in enumerate(operators)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["phase_overlap"] * 4
    assert Phase.objects.filter(process=process).count() == 1
    assert AuditEntry.objects.filter(object_type="processes.phase").count() == 1
