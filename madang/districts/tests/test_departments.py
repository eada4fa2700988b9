"""Departments: 공무원 join theirs when the role is granted and leave it when it is revoked."""

import pytest
from django.db import IntegrityError

from madang.accounts import services as account_services
from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.models import AuditEntry
from madang.districts import selectors, services
from madang.districts.models import Department, DepartmentMember
from madang.districts.predicates import is_department_member
from madang.districts.tests.factories import DepartmentFactory, department_member

pytestmark = pytest.mark.django_db


def test_granting_the_official_role_ensures_department_and_membership(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    first, second = UserFactory(), UserFactory()
    account_services.role_grant(
        actor=admin, user=first, district=gangbuk, role=Role.OFFICIAL, department=" 자치행정과 "
    )
    account_services.role_grant(
        actor=admin, user=second, district=gangbuk, role=Role.OFFICIAL, department="자치행정과"
    )
    department = Department.objects.get(district=gangbuk, name="자치행정과")  # one department for both
    assert set(department.members.all()) == {first, second}
    assert list(selectors.departments_of(first, gangbuk)) == [department]
    assert is_department_member(first, department)
    actions = set(
        AuditEntry.objects.filter(object_type__startswith="districts.").values_list("action", flat=True)
    )
    assert actions == {"create", "join"}


def test_other_roles_make_no_department(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    account_services.role_grant(actor=admin, user=UserFactory(), district=gangbuk, role=Role.OPERATOR)
    assert not Department.objects.exists()


def test_revoking_the_official_role_removes_the_membership(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    person = UserFactory()
    assignment = account_services.role_grant(
        actor=admin, user=person, district=gangbuk, role=Role.OFFICIAL, department="복지정책과"
    )
    department = Department.objects.get(name="복지정책과")
    account_services.role_revoke(actor=admin, assignment=assignment)
    assert not is_department_member(person, department)
    assert Department.objects.filter(pk=department.pk).exists()  # the department stays
    assert AuditEntry.objects.filter(object_type="districts.departmentmember", action="leave").count() == 1
    assert (
        services.department_member_remove(actor=admin, district=gangbuk, name="복지정책과", user=person)
        is False
    )


def test_failed_grant_leaves_no_department(gangbuk):
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    person = user_with_role(Role.OFFICIAL, gangbuk)  # already an official (자치행정과)
    Department.objects.all().delete()
    with pytest.raises(Exception, match="이미"):
        account_services.role_grant(
            actor=admin, user=person, district=gangbuk, role=Role.OFFICIAL, department="새부서"
        )
    assert not Department.objects.filter(name="새부서").exists()


def test_department_names_are_unique_per_district(gangbuk, mapo):
    DepartmentFactory(district=gangbuk, name="자치행정과")
    DepartmentFactory(district=mapo, name="자치행정과")  # another district may use the name
    with pytest.raises(IntegrityError):
        DepartmentFactory(district=gangbuk, name="자치행정과")


def test_factories(gangbuk):
    department = DepartmentFactory(district=gangbuk)
    user = department_member(department)
    assert is_department_member(user, department)
    assert not is_department_member(UserFactory(), department)
    official = user_with_role(Role.OFFICIAL, gangbuk)
    assert [d.name for d in selectors.departments_of(official, gangbuk)] == ["자치행정과"]


def test_department_list_is_scoped_and_query_bounded(gangbuk, mapo, django_assert_max_num_queries):
    for size in (2, 8):
        for _ in range(size // 2):
            department = DepartmentFactory(district=gangbuk)
            department_member(department)
            department_member(department)
        DepartmentFactory(district=mapo)
        with django_assert_max_num_queries(2):
            rows = [
                (d.name, [m.user.display_name for m in d.memberships.all()])
                for d in selectors.department_list(gangbuk)
            ]
        assert len(rows) == Department.objects.filter(district=gangbuk).count()
        assert all(len(members) == 2 for _name, members in rows)
    assert not selectors.departments_of(UserFactory(), gangbuk).exists()
    assert DepartmentMember.objects.in_district(mapo).count() == 0
