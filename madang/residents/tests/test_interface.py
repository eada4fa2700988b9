"""The interface budgeting uses: identity_key, identity_in_registry, registry_dong_of,
verification_get, age_on, is_verified_for."""

import datetime

import pytest

from madang.accounts.tests.factories import UserFactory
from madang.core.exceptions import DomainError
from madang.districts.tests.factories import DongFactory
from madang.residents import predicates, selectors, services

from .factories import VerificationFactory, budget_process, registry_person

pytestmark = pytest.mark.django_db


def test_identity_key_is_normalised_and_keyed(settings):
    a = services.identity_key(name="홍길동", birth_date=datetime.date(1980, 5, 17), dong_name="망원1동")
    assert len(a) == 64 and int(a, 16) >= 0
    assert a == services.identity_key(name=" 홍 길동\u200b ", birth_date="1980.5.17", dong_name="망원 1동")
    assert a == services.identity_key(name="홍길동", birth_date="19800517", dong_name="망원1동")
    assert a == services.identity_key(name="홍길동", birth_date="1980년 5월 17일", dong_name="망원1동")
    # NFD input (macOS) is the same person
    import unicodedata

    assert a == services.identity_key(
        name=unicodedata.normalize("NFD", "홍길동"), birth_date="1980-05-17", dong_name="망원1동"
    )
    assert a != services.identity_key(name="홍길동", birth_date="1980-05-18", dong_name="망원1동")
    # another secret, another key: the key is an HMAC, not a plain hash
    settings.RESIDENT_HMAC_KEY = "another-secret"
    assert a != services.identity_key(name="홍길동", birth_date="1980-05-17", dong_name="망원1동")


def test_identity_key_refuses_bad_input_in_korean():
    with pytest.raises(DomainError) as error:
        services.identity_key(name="홍길동", birth_date="1980-13-40", dong_name="망원1동")
    assert error.value.code == "invalid_birth_date" and "생년월일" in error.value.message
    with pytest.raises(DomainError):
        services.identity_key(name=" ", birth_date="1980-01-01", dong_name="망원1동")


def test_production_never_derives_the_secret(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.RESIDENT_HMAC_KEY = ""
    settings.RESIDENT_HMAC_KEY_DERIVE = False
    with pytest.raises(ImproperlyConfigured):
        services.identity_key(name="홍길동", birth_date="1980-05-17", dong_name="망원1동")


def test_identity_in_registry_and_dong(gangbuk):
    process = budget_process(gangbuk)
    other = budget_process(gangbuk)
    dong = DongFactory(district=gangbuk, name="수유1동")
    registry_person(process, name="김민지", birth_date=datetime.date(1990, 2, 3), dong=dong)
    key = services.identity_key(name="김민지", birth_date="1990-02-03", dong_name="수유1동")
    assert services.identity_in_registry(process=process, key=key)
    assert services.registry_dong_of(process, key) == dong
    assert not services.identity_in_registry(process=other, key=key)
    assert services.registry_dong_of(other, key) is None
    assert not services.identity_in_registry(process=process, key="0" * 64)


def test_verification_get_and_age_on(gangbuk):
    verification = VerificationFactory(process=budget_process(gangbuk), birth_date=datetime.date(2012, 2, 29))
    got = selectors.verification_get(user=verification.user, process=verification.process)
    assert got == verification
    assert {"dong", "birth_date", "identity_key", "method", "verified_at"} <= {
        f.name for f in got._meta.fields
    }
    assert selectors.verification_get(user=UserFactory(), process=verification.process) is None
    from django.contrib.auth.models import AnonymousUser

    assert selectors.verification_get(user=AnonymousUser(), process=verification.process) is None
    assert selectors.age_on(got, datetime.date(2026, 2, 28)) == 13
    assert selectors.age_on(got, datetime.date(2026, 3, 1)) == 14
    assert selectors.age_on(got, datetime.date(2025, 2, 28)) == 12


def test_is_verified_for_takes_the_process_or_an_object_with_process(gangbuk):
    verification = VerificationFactory(process=budget_process(gangbuk))

    class Project:
        process = verification.process

    user = verification.user
    assert predicates.is_verified_for(user, verification.process)
    assert predicates.is_verified_for(user, Project())
    assert not predicates.is_verified_for(UserFactory(), verification.process)
    assert not predicates.is_verified_for(user, budget_process(gangbuk))
    assert not predicates.is_verified_for(user, None)


def test_deleting_the_process_deletes_its_registry_and_verifications(gangbuk):
    from madang.residents.models import RegistryEntry, ResidentVerification

    process = budget_process(gangbuk)
    registry_person(process)
    VerificationFactory(process=process)
    process.delete()
    assert not RegistryEntry.objects.exists() and not ResidentVerification.objects.exists()
