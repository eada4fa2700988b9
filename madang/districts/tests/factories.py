import factory

from madang.districts.models import (
    City,
    Department,
    DepartmentMember,
    District,
    Dong,
    Program,
    ProgramParticipation,
    ProgramTrack,
)


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ["code"]

    code = "11"
    name = "서울특별시"
    name_en = "Seoul"
    slug = "seoul"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    city = factory.SubFactory(CityFactory)
    code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"시험{n}구")
    name_en = factory.Sequence(lambda n: f"Test{n}-gu")
    slug = factory.Sequence(lambda n: f"test{n}")


class DongFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dong

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}{n:05d}")
    name = factory.Sequence(lambda n: f"시험{n}동")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    slug = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"사업 {n}")
    name_en = factory.Sequence(lambda n: f"Program {n}")


class ProgramTrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramTrack

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"유형 {n}")


class ProgramParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramParticipation

    track = factory.SubFactory(ProgramTrackFactory)
    district = factory.SubFactory(DistrictFactory)
    program_year = 1


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"시험{n}과")


def department_member(department, **user_kwargs):
    """A new official of `department`'s district who is a member of it (role and membership)."""
    from madang.accounts.models import Role
    from madang.accounts.tests.factories import RoleAssignmentFactory, UserFactory

    user = UserFactory(**user_kwargs)
    RoleAssignmentFactory(
        user=user, district=department.district, role=Role.OFFICIAL, department=department.name
    )
    DepartmentMember.objects.get_or_create(
        department=department, user=user, defaults={"district": department.district}
    )
    return user
