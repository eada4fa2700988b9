"""Arena permissions. Official records are written by the district's staff (운영진·구 관리자, 시 관리자);
everyone reads published records; the arena's current members also read draft minutes; a follow-up
is closed by a member of its owner department or by staff. Suspended people act on nothing.
Following an arena is the kernel's `districts:follow`."""

import rules

from madang.accounts.predicates import is_district_staff, is_suspended
from madang.districts.predicates import is_department_member

from .predicates import is_arena_member


@rules.predicate
def is_followup_department_member(user, followup) -> bool:
    department = getattr(followup, "department", None)
    return department is not None and is_department_member(user, department)


staff = is_district_staff & ~is_suspended

# object: District
rules.add_perm("arenas.view_arena", rules.always_allow)
rules.add_perm("arenas.manage_arenas", staff)

# object: Session
rules.add_perm("arenas.view_draft_minutes", is_district_staff | is_arena_member)

# object: FollowUp
rules.add_perm(
    "arenas.complete_followup", (is_district_staff | is_followup_department_member) & ~is_suspended
)
