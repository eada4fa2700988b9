import datetime

import factory

from madang.accounts.tests.factories import UserFactory
from madang.districts.tests.factories import DongFactory
from madang.processes.models import Process
from madang.processes.tests.factories import ProcessFactory
from madang.residents.identity import identity_key
from madang.residents.models import (
    Applicant,
    Draw,
    RegistryEntry,
    RegistryImport,
    ResidentVerification,
)


def budget_process(district, **kwargs):
    return ProcessFactory(district=district, kind=Process.Kind.BUDGETING, **kwargs)


def registry_person(process, *, name="홍길동", birth_date=datetime.date(1980, 5, 17), dong=None):
    """A registry row for the person (returns the row); the dong is created when not given."""
    dong = dong or DongFactory(district=process.district)
    batch = RegistryImport.objects.filter(process=process).first() or RegistryImport.objects.create(
        district=process.district, process=process, filename="명부.csv"
    )
    return RegistryEntry.objects.create(
        district=process.district,
        process=process,
        batch=batch,
        dong=dong,
        identity_key=identity_key(name=name, birth_date=birth_date, dong_name=dong.name),
    )


class VerificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentVerification

    process = factory.SubFactory(ProcessFactory)
    district = factory.SelfAttribute("process.district")
    user = factory.SubFactory(UserFactory)
    dong = factory.SubFactory(DongFactory, district=factory.SelfAttribute("..process.district"))
    birth_date = datetime.date(1980, 5, 17)
    identity_key = factory.Sequence(lambda n: f"{n:064x}")
    method = ResidentVerification.Method.REGISTRY


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    process = factory.SubFactory(ProcessFactory)
    district = factory.SelfAttribute("process.district")
    user = factory.SubFactory(UserFactory)
    public_number = factory.Sequence(lambda n: n + 1)
    sex = "F"
    age_band = "middle"
    dong = factory.SubFactory(DongFactory, district=factory.SelfAttribute("..process.district"))
    vulnerable = False


class DrawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Draw

    process = factory.SubFactory(ProcessFactory)
    district = factory.SelfAttribute("process.district")
    title = factory.Sequence(lambda n: f"주민참여예산위원 추첨 {n}")
    seed = "0123456789abcdef0123456789abcdef"
    n = 2
    quotas = factory.LazyFunction(dict)
