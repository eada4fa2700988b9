import rules

from madang.accounts.predicates import is_district_staff, is_suspended

from .predicates import is_published_draw, is_signed_in, is_verified_for, process_is_published

# object: Process
rules.add_perm("residents.manage_registry", is_district_staff)
# a person suspended in the district may read but not verify or apply there
rules.add_perm("residents.verify_self", is_signed_in & process_is_published & ~is_suspended)
rules.add_perm("residents.verify_in_person", is_district_staff)
rules.add_perm("residents.apply_committee", is_verified_for & process_is_published & ~is_suspended)
rules.add_perm("residents.manage_draw", is_district_staff)
# object: Draw
rules.add_perm("residents.view_draw", is_published_draw | is_district_staff)
# object: District (the pages resolve the district, the process and the object check their own perms)
rules.add_perm("residents.view_residents", rules.always_allow)
