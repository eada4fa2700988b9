"""District services write their audit row in the transaction of their change (core.testing)."""

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.testing import audit_cases_test
from madang.districts import services
from madang.districts.models import Program
from madang.districts.tests.factories import DepartmentFactory, department_member

DONGS = "code,name,district_code\n1130553500,삼양동,11305\n"


def vision_set(d):
    op, program = user_with_role(Role.OPERATOR, d), Program.objects.order_by("order").first()
    return lambda: services.vision_set(actor=op, district=d, program=program, text="함께 만드는 강북")


def dong_import(d):
    admin = user_with_role(Role.CITY_ADMIN, city=d.city)
    return lambda: services.dong_import_csv(actor=admin, raw=DONGS.encode())


def department_member_ensure(d):
    admin, user = user_with_role(Role.DISTRICT_ADMIN, d), UserFactory()
    return lambda: services.department_member_ensure(actor=admin, district=d, name="감사과", user=user)


def department_member_remove(d):
    admin = user_with_role(Role.DISTRICT_ADMIN, d)
    department = DepartmentFactory(district=d)
    user = department_member(department)
    return lambda: services.department_member_remove(actor=admin, district=d, name=department.name, user=user)


CASES = {
    "department_member_ensure": (department_member_ensure, "create", "districts.department"),
    "department_member_remove": (department_member_remove, "leave", "districts.departmentmember"),
    "vision_set": (vision_set, "create", "districts.vision"),
    "dong_import_csv": (dong_import, "import", "districts.dong"),
}


test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
