"""Process services write their audit row in the transaction of their change (core.testing)."""

import datetime

from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.testing import audit_cases_test
from madang.processes import services
from madang.processes.tests.factories import PhaseFactory, ProcessFactory


def process_create(d):
    op = user_with_role(Role.OPERATOR, d)
    today = timezone.localdate()
    return lambda: services.process_create(
        actor=op,
        district=d,
        kind="proposals",
        title="시민제안 2027",
        slug=f"p-{op.pk}",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
    )


def process_update(d):
    op, process = user_with_role(Role.OPERATOR, d), ProcessFactory(district=d)
    return lambda: services.process_update(actor=op, process=process, data={"title": "바뀐 제목"})


def process_delete(d):
    op, process = user_with_role(Role.OPERATOR, d), ProcessFactory(district=d)
    return lambda: services.process_delete(actor=op, process=process)


def phase_add(d):
    op, process = user_with_role(Role.OPERATOR, d), ProcessFactory(district=d)
    start = timezone.now()
    return lambda: services.phase_add(
        actor=op, process=process, name="제안", starts_at=start, ends_at=start + datetime.timedelta(days=3)
    )


def phase_update(d):
    op = user_with_role(Role.OPERATOR, d)
    phase = PhaseFactory(process=ProcessFactory(district=d))
    return lambda: services.phase_update(actor=op, phase=phase, data={"name": "공감"})


def phase_delete(d):
    op = user_with_role(Role.OPERATOR, d)
    phase = PhaseFactory(process=ProcessFactory(district=d))
    return lambda: services.phase_delete(actor=op, phase=phase)


CASES = {
    "process_create": (process_create, "create", "processes.process"),
    "process_update": (process_update, "update", "processes.process"),
    "process_delete": (process_delete, "delete", "processes.process"),
    "phase_add": (phase_add, "create", "processes.phase"),
    "phase_update": (phase_update, "update", "processes.phase"),
    "phase_delete": (phase_delete, "delete", "processes.phase"),
}


test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
