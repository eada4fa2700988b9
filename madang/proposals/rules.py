"""Permissions of the proposals app. Objects: District (index, manage), Process (propose),
Proposal (support, edit, message), Assignment (answer, assign)."""

import rules

from madang.processes.predicates import phase_allows_pred

from .predicates import (
    is_assigned_department_member,
    is_author,
    is_department_assignment,
    is_district_admin,
    is_district_staff,
    is_editable_stage,
    is_mayor_assignment,
    is_official,
    is_open_stage,
    is_proposals_process,
    is_resident,
    not_suspended,
)

# object: District
rules.add_perm("proposals.view_proposals", rules.always_allow)
rules.add_perm("proposals.manage_proposals", is_district_staff)  # tiers, review, stages, merges, assigning
rules.add_perm("proposals.view_inbox", is_official | is_district_staff)

# object: Process (a 시민제안 process in a phase that opens "propose")
rules.add_perm(
    "proposals.add_proposal",
    is_proposals_process & is_resident & not_suspended & phase_allows_pred("propose"),
)
# an operator enters a paper proposal on a resident's behalf (any phase of the process)
rules.add_perm("proposals.add_proposal_on_behalf", is_proposals_process & is_district_staff)

# object: Proposal
rules.add_perm(
    "proposals.support_proposal",
    is_resident & not_suspended & is_open_stage & phase_allows_pred("support"),
)
rules.add_perm(
    "proposals.change_proposal", (is_author & not_suspended & is_editable_stage) | is_district_staff
)
rules.add_perm("proposals.message_supporters", is_author & not_suspended)
rules.add_perm("proposals.change_stage", is_district_staff)
rules.add_perm("proposals.merge_proposal", is_district_staff)

# object: Assignment
rules.add_perm("proposals.assign_department", is_district_staff)
rules.add_perm(
    "proposals.answer_assignment",
    (is_department_assignment & is_assigned_department_member) | (is_mayor_assignment & is_district_admin),
)
