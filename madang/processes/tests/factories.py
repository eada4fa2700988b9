import datetime

import factory
from django.utils import timezone

from madang.districts.tests.factories import DistrictFactory
from madang.processes.models import Phase, Process


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    district = factory.SubFactory(DistrictFactory)
    kind = Process.Kind.PROPOSALS
    title = factory.Sequence(lambda n: f"시민제안 {n}")
    slug = factory.Sequence(lambda n: f"process-{n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=50))
    is_published = True


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"단계 {n}")
    features = factory.LazyFunction(lambda: ["propose"])
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(days=5))
