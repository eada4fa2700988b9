"""Every residents service that writes audits in the transaction of its change."""

import datetime

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.testing import audit_cases_test
from madang.districts.tests.factories import DongFactory
from madang.residents import services

from .factories import ApplicantFactory, DrawFactory, VerificationFactory, budget_process, registry_person

SEED = "ab" * 32


def _operator(district):
    return user_with_role(Role.OPERATOR, district)


def registry_import(district):
    process, operator = budget_process(district), _operator(district)
    dong = DongFactory(district=district)
    raw = f"이름,생년월일,행정동\n홍길동,1980-05-17,{dong.name}\n".encode()
    return lambda: services.registry_import(actor=operator, process=process, filename="명부.csv", raw=raw)


def registry_clear(district):
    process, operator = budget_process(district), _operator(district)
    registry_person(process)
    return lambda: services.registry_clear(actor=operator, process=process)


def verification_claim(district):
    process = budget_process(district)
    dong = DongFactory(district=district)
    registry_person(process, name="김민지", birth_date=datetime.date(1990, 2, 3), dong=dong)
    user = UserFactory()
    return lambda: services.verification_claim(
        actor=user, process=process, name="김민지", birth_date="1990-02-03", dong=dong.name
    )


def verification_in_person(district):
    process, operator = budget_process(district), _operator(district)
    dong, user = DongFactory(district=district), UserFactory()
    return lambda: services.verification_in_person(
        actor=operator,
        process=process,
        user=user,
        name="정다은",
        birth_date="2001-07-07",
        dong=dong,
        note="신분증",
    )


def verification_revoke(district):
    verification = VerificationFactory(process=budget_process(district))
    operator = _operator(district)
    return lambda: services.verification_revoke(actor=operator, verification=verification, reason="본인 아님")


def applicant_apply(district):
    verification = VerificationFactory(process=budget_process(district))
    return lambda: services.applicant_apply(
        actor=verification.user, process=verification.process, sex="F", vulnerable=False
    )


def applicant_withdraw(district):
    applicant = ApplicantFactory(process=budget_process(district))
    return lambda: services.applicant_withdraw(actor=applicant.user, applicant=applicant)


def draw_create(district):
    process, operator = budget_process(district), _operator(district)
    return lambda: services.draw_create(
        actor=operator, process=process, title="추첨", n=2, seed=SEED, quotas={}
    )


def draw_update(district):
    draw, operator = DrawFactory(process=budget_process(district)), _operator(district)
    return lambda: services.draw_update(actor=operator, draw=draw, data={"n": 3})


def draw_delete(district):
    draw, operator = DrawFactory(process=budget_process(district)), _operator(district)
    return lambda: services.draw_delete(actor=operator, draw=draw)


def draw_run(district):
    process = budget_process(district)
    for number in (1, 2, 3):
        ApplicantFactory(process=process, public_number=number)
    draw, operator = DrawFactory(process=process), _operator(district)
    return lambda: services.draw_run(actor=operator, draw=draw)


def draw_publish(district):
    draw = DrawFactory(process=budget_process(district), status="drawn", pool=[], result=[])
    operator = _operator(district)
    return lambda: services.draw_publish(actor=operator, draw=draw)


CASES = {
    "registry_import": (registry_import, "import", "residents.registryimport"),
    "registry_clear": (registry_clear, "delete", "residents.registryimport"),
    "verification_claim": (verification_claim, "verify", "residents.residentverification"),
    "verification_in_person": (verification_in_person, "verify", "residents.residentverification"),
    "verification_revoke": (verification_revoke, "revoke", "residents.residentverification"),
    "applicant_apply": (applicant_apply, "apply", "residents.applicant"),
    "applicant_withdraw": (applicant_withdraw, "leave", "residents.applicant"),
    "draw_create": (draw_create, "create", "residents.draw"),
    "draw_update": (draw_update, "update", "residents.draw"),
    "draw_delete": (draw_delete, "delete", "residents.draw"),
    "draw_run": (draw_run, "transition", "residents.draw"),
    "draw_publish": (draw_publish, "publish", "residents.draw"),
}

test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
