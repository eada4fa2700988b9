import factory
from django.utils import timezone

from madang.accounts.models import Role, RoleAssignment, User
from madang.districts.tests.factories import DistrictFactory

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kr")
    display_name = factory.Sequence(lambda n: f"주민{n}")
    privacy_consent_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    district = factory.SubFactory(DistrictFactory)
    role = Role.RESIDENT
    department = factory.LazyAttribute(lambda o: "자치행정과" if o.role == Role.OFFICIAL else "")

    @factory.post_generation
    def _department(obj, create, extracted, **kwargs):
        """An official is a member of their department, as `role_grant` makes them (without audit rows)."""
        if create and obj.role == Role.OFFICIAL and obj.district_id and obj.department:
            from madang.districts.models import Department, DepartmentMember

            department, _created = Department.objects.get_or_create(
                district=obj.district, name=obj.department
            )
            DepartmentMember.objects.get_or_create(
                department=department, user=obj.user, defaults={"district": obj.district}
            )


def user_with_role(role: str, district=None, city=None, **kwargs) -> User:
    user = UserFactory(**kwargs)
    if role == Role.CITY_ADMIN:
        RoleAssignmentFactory(user=user, district=None, city=city or district.city, role=role)
    else:
        RoleAssignmentFactory(user=user, district=district, role=role)
    return user
