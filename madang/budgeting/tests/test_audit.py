"""Every budgeting service writes its audit row in the transaction of its change (core.testing)."""

import datetime
import itertools

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.budgeting import services
from madang.budgeting.models import Project
from madang.core.testing import audit_cases_test

from .factories import HeadingFactory, ProjectFactory, committee_member, cycle_in_phase, verified_resident

S = Project.Status
_N = itertools.count(1)


def _op(d):
    return user_with_role(Role.OPERATOR, d)


def cycle_create(d):
    op, n = _op(d), next(_N)
    return lambda: services.cycle_create(
        actor=op,
        district=d,
        year=2027,
        title=f"감사 회차 {n}",
        slug=f"audit-{n}",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )


def cycle_update(d):
    op, cycle = _op(d), cycle_in_phase(d)
    return lambda: services.cycle_update(actor=op, cycle=cycle, data={"min_age": 16})


def channel_weights_set(d):
    op, cycle = _op(d), cycle_in_phase(d)
    return lambda: services.channel_weights_set(actor=op, cycle=cycle, weights={"online": 100})


def heading_create(d):
    op, cycle = _op(d), cycle_in_phase(d)
    return lambda: services.heading_create(actor=op, cycle=cycle, data={"name": "감사 예산", "amount": 10})


def heading_update(d):
    op, heading = _op(d), HeadingFactory(cycle=cycle_in_phase(d))
    return lambda: services.heading_update(actor=op, heading=heading, data={"amount": 12_345})


def heading_delete(d):
    op, heading = _op(d), HeadingFactory(cycle=cycle_in_phase(d))
    return lambda: services.heading_delete(actor=op, heading=heading)


def _data(cycle):
    return {"heading": HeadingFactory(cycle=cycle), "title": "감사 사업", "description": "내용", "cost": 1000}


def project_propose(d):
    cycle = cycle_in_phase(d, "제안 접수")
    resident = verified_resident(cycle)
    data = _data(cycle)
    return lambda: services.project_propose(actor=resident, cycle=cycle, data=data)


def project_propose_on_behalf(d):
    cycle = cycle_in_phase(d, "제안 접수")
    op, data = _op(d), _data(cycle)
    return lambda: services.project_propose_on_behalf(
        actor=op, cycle=cycle, data=data, on_behalf_name="김주민"
    )


def project_from_proposal(d):
    cycle = cycle_in_phase(d, "제안 접수")
    HeadingFactory(cycle=cycle)
    op = _op(d)
    return lambda: services.project_from_proposal(actor=op, district=d, title="넘어온 제안", body="내용")


def project_update(d):
    op, project = _op(d), ProjectFactory(heading=HeadingFactory(cycle=cycle_in_phase(d)))
    return lambda: services.project_update(actor=op, project=project, data={"cost": 777})


def project_withdraw(d):
    op, project = _op(d), ProjectFactory(heading=HeadingFactory(cycle=cycle_in_phase(d)))
    return lambda: services.project_withdraw(actor=op, project=project)


def project_set_status(d):
    op, project = _op(d), ProjectFactory(heading=HeadingFactory(cycle=cycle_in_phase(d)), status=S.FUNDED)
    return lambda: services.project_set_status(actor=op, project=project, target=S.IN_PROGRESS)


def project_shortlist(d):
    op, project = (
        _op(d),
        ProjectFactory(heading=HeadingFactory(cycle=cycle_in_phase(d, "분과 심의")), status=S.ELIGIBLE),
    )
    return lambda: services.project_shortlist(actor=op, project=project)


def project_review(d):
    cycle = cycle_in_phase(d, "분과 심의")
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle), status=S.ELIGIBLE)
    member = committee_member(cycle)
    scores = {c.pk: 4 for c in cycle.criteria.all()}
    return lambda: services.project_review(actor=member, project=project, scores=scores)


def committee_member_add(d):
    op, cycle, person = _op(d), cycle_in_phase(d), user_with_role(Role.RESIDENT, d)
    return lambda: services.committee_member_add(actor=op, cycle=cycle, user=person)


def committee_member_remove(d):
    op, cycle = _op(d), cycle_in_phase(d)
    committee_member(cycle)
    member = cycle.committee_members.get()
    return lambda: services.committee_member_remove(actor=op, member=member)


def progress_add(d):
    op, project = _op(d), ProjectFactory(heading=HeadingFactory(cycle=cycle_in_phase(d)), status=S.FUNDED)
    return lambda: services.progress_add(actor=op, project=project, text="착공", percent=10)


def project_screen(d):
    from madang.districts.tests.factories import DepartmentFactory

    op = _op(d)
    project = ProjectFactory(heading=HeadingFactory(cycle=cycle_in_phase(d, "적격 심사")))
    department = DepartmentFactory(district=d)
    return lambda: services.project_screen(
        actor=op, project=project, department=department, decision="eligible"
    )


def project_attach(d):
    from django.core.files.uploadedfile import SimpleUploadedFile

    op, project = _op(d), ProjectFactory(heading=HeadingFactory(cycle=cycle_in_phase(d)))
    return lambda: services.project_attach(
        actor=op, project=project, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"), kind="pdf"
    )


CASES = {
    "project_screen": (project_screen, "approve", "budgeting.project"),
    "project_attach": (project_attach, "create", "budgeting.projectattachment"),
    "cycle_create": (cycle_create, "create", "budgeting.cycle"),
    "cycle_update": (cycle_update, "update", "budgeting.cycle"),
    "channel_weights_set": (channel_weights_set, "update", "budgeting.cycle"),
    "heading_create": (heading_create, "create", "budgeting.heading"),
    "heading_update": (heading_update, "update", "budgeting.heading"),
    "heading_delete": (heading_delete, "delete", "budgeting.heading"),
    "project_propose": (project_propose, "create", "budgeting.project"),
    "project_propose_on_behalf": (project_propose_on_behalf, "create", "budgeting.project"),
    "project_from_proposal": (project_from_proposal, "create", "budgeting.project"),
    "project_update": (project_update, "update", "budgeting.project"),
    "project_withdraw": (project_withdraw, "leave", "budgeting.project"),
    "project_set_status": (project_set_status, "transition", "budgeting.project"),
    "project_shortlist": (project_shortlist, "publish", "budgeting.project"),
    "project_review": (project_review, "vote", "budgeting.project"),
    "committee_member_add": (committee_member_add, "grant", "budgeting.committeemember"),
    "committee_member_remove": (committee_member_remove, "revoke", "budgeting.committeemember"),
    "progress_add": (progress_add, "create", "budgeting.progressupdate"),
}

test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
