"""Accounts services write their audit row in the transaction of their change (core.testing)."""

from madang.accounts import services
from madang.accounts.models import Role
from madang.accounts.tests.factories import PASSWORD, UserFactory, user_with_role
from madang.core.testing import audit_cases_test


def role_grant(d):
    admin, person = user_with_role(Role.DISTRICT_ADMIN, d), UserFactory()
    return lambda: services.role_grant(actor=admin, user=person, district=d, role=Role.OPERATOR)


def role_revoke(d):
    admin = user_with_role(Role.DISTRICT_ADMIN, d)
    assignment = user_with_role(Role.RESIDENT, d).roles.get()
    return lambda: services.role_revoke(actor=admin, assignment=assignment)


def user_register(d):
    email = f"new{UserFactory().pk}@example.kr"
    return lambda: services.user_register(email=email, display_name="새 주민", password=PASSWORD, district=d)


def user_suspend(d):
    operator, person = user_with_role(Role.OPERATOR, d), UserFactory()
    return lambda: services.user_suspend(actor=operator, user=person, district=d, reason="도배")


def user_unsuspend(d):
    operator, person = user_with_role(Role.OPERATOR, d), UserFactory()
    services.user_suspend(actor=operator, user=person, district=d, reason="도배")
    return lambda: services.user_unsuspend(actor=operator, user=person, district=d)


CASES = {
    "user_suspend": (user_suspend, "suspend", "accounts.districtsuspension"),
    "user_unsuspend": (user_unsuspend, "unsuspend", "accounts.districtsuspension"),
    "role_grant": (role_grant, "grant", "accounts.roleassignment"),
    "role_revoke": (role_revoke, "revoke", "accounts.roleassignment"),
    "user_register_with_district": (user_register, "grant", "accounts.roleassignment"),
}


test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
