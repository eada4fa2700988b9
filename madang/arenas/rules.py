"""Arena permissions. Official records are written by the district's staff (운영진·구 관리자, 시 관리자);
everyone reads published records; the arena's current members also read draft minutes; a follow-up
is closed by a member of its owner department or by staff. Suspended people act on nothing."""

import rules

from madang.accounts.predicates import is_district_staff, is_suspended
from madang.districts.predicates import is_department_member

from .predicates import is_arena_member


@rules.predicate
def is_followup_department_member(user, followup) -> bool:
    department = getattr(followup, "department", None)
    return department is not None and is_department_member(user, department)


@rules.predicate
def suspended_here(user, obj) -> bool:
    return is_suspended(user, obj.district if hasattr(obj, "district") else obj)


staff = is_district_staff & ~suspended_here

# object: District
rules.add_perm("arenas.view_arena", rules.always_allow)
rules.add_perm("arenas.manage_arenas", staff)

# object: Arena
rules.add_perm("arenas.follow_arena", rules.is_authenticated & ~suspended_here)

# object: Session
rules.add_perm("arenas.view_draft_minutes", is_district_staff | is_arena_member)

# object: FollowUp
rules.add_perm(
    "arenas.complete_followup", (is_district_staff | is_followup_department_member) & ~suspended_here
)
