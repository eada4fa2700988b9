import rules

from .predicates import (
    grant_is_district_role,
    grant_is_signup_role,
    grant_within_operator_scope,
    is_city_admin,
    is_district_admin,
    is_district_operator,
    is_district_staff,
)

# object: District
rules.add_perm("accounts.manage_roles", is_district_staff)
# object: RoleGrant(district, role)
rules.add_perm(
    "accounts.grant_role",
    is_city_admin
    | (is_district_admin & grant_is_district_role)
    | (is_district_operator & grant_within_operator_scope),
)
# object: RoleGrant at sign-up: a new account may take only the 주민 role of a district
rules.add_perm("accounts.take_role_at_signup", rules.is_authenticated & grant_is_signup_role)
