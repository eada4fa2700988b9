import rules

from madang.accounts.predicates import is_district_staff, is_suspended

from .predicates import (
    edits_an_organisation_in_district,
    edits_member_organisation,
    edits_tie_counterpart,
    is_creator,
    is_membership_self,
    is_org_editor,
    is_profile_owner,
    is_staff_of_organisation_district,
)


@rules.predicate
def is_suspended_here(user, obj) -> bool:
    """Suspended in the district of `obj` (an affiliation's is its organisation's)."""
    if not hasattr(obj, "district_id") and hasattr(obj, "organisation"):
        obj = obj.organisation
    return is_suspended(user, obj)


# a person suspended in the district (moderation) writes nothing there until the suspension ends
active = ~is_suspended_here

# object: District
rules.add_perm("network.view_network", rules.always_allow)
rules.add_perm("network.add_organisation", rules.is_authenticated & active)
rules.add_perm("network.add_person", rules.is_authenticated & active)
rules.add_perm("network.apply_membership", rules.is_authenticated & active)
rules.add_perm("network.decide_membership", is_district_staff)
rules.add_perm("network.change_network", is_district_staff)
rules.add_perm("network.manage_committees", is_district_staff)
rules.add_perm("network.manage_issue_areas", is_district_staff)
rules.add_perm("network.import_organisations", is_district_staff)
rules.add_perm("network.add_resource", (is_district_staff | edits_an_organisation_in_district) & active)
# the review queue: pending organisations, affiliations and ties; staff also skip creation rate limits
rules.add_perm("network.review", is_district_staff)
rules.add_perm("network.skip_rate_limit", is_district_staff)

# object: Organisation
rules.add_perm("network.change_organisation", (is_district_staff | is_org_editor) & active)
rules.add_perm("network.delete_organisation", is_district_staff)
rules.add_perm(
    "network.view_organisation_contacts", is_district_staff | is_org_editor
)  # not self-declared members
rules.add_perm(
    "network.add_tie", (is_district_staff | is_org_editor) & active
)  # the tie's first organisation
rules.add_perm("network.apply_for_organisation", is_org_editor & active)
rules.add_perm("network.join_organisation", rules.is_authenticated & active)
rules.add_perm("network.decide_organisation", is_district_staff)  # approve / reject a registration

# object: Affiliation (a self-declared 회원 is confirmed by the organisation's editors or an operator)
rules.add_perm("network.decide_affiliation", (is_staff_of_organisation_district | is_org_editor) & active)

# object: Membership (a membership's district is its own, so is_district_staff reads it)
rules.add_perm("network.leave_membership", is_membership_self | edits_member_organisation | is_district_staff)

# object: Tie
rules.add_perm("network.delete_tie", is_district_staff | is_creator)
rules.add_perm("network.decide_tie", (is_district_staff | edits_tie_counterpart) & active)

# object: Resource
rules.add_perm("network.change_resource", (is_district_staff | is_org_editor | is_creator) & active)

# object: Person
rules.add_perm("network.change_person", is_profile_owner & active)
rules.add_perm("network.view_person_contacts", is_district_staff | is_profile_owner)
# a private profile's name (on committee pages, …): the person and the district's staff only
rules.add_perm("network.view_private_person", is_district_staff | is_profile_owner)
