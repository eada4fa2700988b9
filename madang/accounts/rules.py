import rules

from .predicates import (
    grant_is_district_role,
    grant_is_signup_role,
    grant_within_operator_scope,
    is_city_admin,
    is_district_admin,
    is_district_operator,
    is_district_staff,
    is_suspended,
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

# object: District. Suspend / unsuspend people; the moderation queue (core.moderation)
rules.add_perm("accounts.suspend_user", is_district_staff)
rules.add_perm("core.moderate", is_district_staff)
# object: the reported object's District: any signed-in person not suspended there
rules.add_perm("core.report_content", rules.is_authenticated & ~is_suspended)
# object: District: following is reading, so suspension does not stop it
rules.add_perm("core.follow", rules.is_authenticated)
