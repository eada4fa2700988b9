"""Races on PostgreSQL (threads, real transactions): the database decides, never a check-then-write."""

import datetime
import threading

import pytest
from django.db import connection

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.exceptions import DomainError
from madang.districts.tests.factories import DongFactory
from madang.residents import services
from madang.residents.models import Applicant, Draw, ResidentVerification

from .factories import ApplicantFactory, DrawFactory, VerificationFactory, budget_process, registry_person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_accounts_verifying_one_identity_at_once_one_wins(gangbuk):
    process = budget_process(gangbuk)
    dong = DongFactory(district=gangbuk, name="수유1동")
    registry_person(process, name="홍길동", birth_date=datetime.date(1980, 5, 17), dong=dong)
    users = [UserFactory() for _i in range(4)]
    outcomes = race(
        [
            lambda user=user: services.verification_claim(
                actor=user, process=process, name="홍길동", birth_date="1980-05-17", dong="수유1동"
            )
            for user in users
        ]
    )
    assert outcomes.count("ok") == 1 and outcomes.count("duplicate_identity") == 3
    assert ResidentVerification.objects.filter(process=process).count() == 1


def test_concurrent_applications_get_distinct_numbers(gangbuk):
    process = budget_process(gangbuk)
    users = [VerificationFactory(process=process).user for _i in range(6)]
    outcomes = race(
        [
            lambda user=user: services.applicant_apply(actor=user, process=process, sex="F", vulnerable=False)
            for user in users
        ]
    )
    assert outcomes == ["ok"] * 6
    numbers = sorted(Applicant.objects.filter(process=process).values_list("public_number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_two_runs_of_one_draw_run_it_once(gangbuk):
    process = budget_process(gangbuk)
    for number in range(1, 6):
        ApplicantFactory(process=process, public_number=number)
    draw = DrawFactory(process=process, n=3)
    operators = [user_with_role(Role.OPERATOR, gangbuk) for _i in range(3)]
    outcomes = race(
        [lambda op=op: services.draw_run(actor=op, draw=Draw.objects.get(pk=draw.pk)) for op in operators]
    )
    assert outcomes.count("ok") == 1 and outcomes.count("conflict") == 2
    assert Draw.objects.get(pk=draw.pk).status == "drawn"
