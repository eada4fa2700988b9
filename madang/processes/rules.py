import rules

from madang.accounts.predicates import is_district_staff


@rules.predicate
def is_published(user, process) -> bool:
    return bool(getattr(process, "is_published", False))


# object: District (create) or Process (edit, delete, phases)
rules.add_perm("processes.manage_process", is_district_staff)
# object: Process
rules.add_perm("processes.view_process", is_published | is_district_staff)
# object: District (the list and the pages; an unpublished process is found by staff only)
rules.add_perm("processes.view_processes", rules.always_allow)
