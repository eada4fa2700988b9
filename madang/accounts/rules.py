import rules

from .predicates import (
    grant_is_district_role,
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
