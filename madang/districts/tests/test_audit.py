"""District services write their audit row in the transaction of their change (core.testing)."""

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.testing import audit_cases_test
from madang.districts import services
from madang.districts.models import Program

DONGS = "code,name,district_code\n1130553500,삼양동,11305\n"


def vision_set(d):
    op, program = user_with_role(Role.OPERATOR, d), Program.objects.order_by("order").first()
    return lambda: services.vision_set(actor=op, district=d, program=program, text="함께 만드는 강북")


def dong_import(d):
    admin = user_with_role(Role.CITY_ADMIN, city=d.city)
    return lambda: services.dong_import_csv(actor=admin, raw=DONGS.encode())


CASES = {
    "vision_set": (vision_set, "create", "districts.vision"),
    "dong_import_csv": (dong_import, "import", "districts.dong"),
}


test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
