"""Personal data (export, erase with the account) and metrics of the residents app."""

import datetime

import pytest

from madang.accounts import services as account_services
from madang.core import registry
from madang.residents.models import Applicant, ResidentVerification

from .factories import ApplicantFactory, VerificationFactory, budget_process

pytestmark = pytest.mark.django_db


def test_registered():
    assert {"resident_verifications", "committee_applications"} <= {
        p.name for p in registry.personal_data_providers()
    }
    assert {"residents.verified", "residents.applicants"} <= {m.name for m in registry.metric_list()}


def test_export_and_erase_with_the_account(gangbuk):
    process = budget_process(gangbuk)
    verification = VerificationFactory(process=process, birth_date=datetime.date(1970, 4, 5))
    ApplicantFactory(process=process, user=verification.user, public_number=7)
    exported = account_services.user_export(user=verification.user)
    assert exported["resident_verifications"][0]["birth_date"] == "1970-04-05"
    assert exported["committee_applications"][0]["public_number"] == 7
    account_services.user_delete(user=verification.user)
    assert not ResidentVerification.objects.exists() and not Applicant.objects.exists()


def test_metrics(gangbuk, mapo):
    process = budget_process(gangbuk)
    VerificationFactory(process=process)
    VerificationFactory(process=budget_process(mapo))
    ApplicantFactory(process=process)
    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    assert registry.metric_value("residents.verified", gangbuk, today - day, today + day) == 1
    assert registry.metric_value("residents.applicants", gangbuk, today - day, today + day) == 1
    assert registry.metric_value("residents.verified", gangbuk, today - 10 * day, today - 5 * day) == 0
