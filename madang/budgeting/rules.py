"""Permissions of participatory budgeting (objects: District, Cycle or Project, as noted)."""

import rules

from madang.accounts.predicates import is_district_staff, is_official, is_suspended
from madang.processes.predicates import phase_allows_pred

from .predicates import (
    is_committee_member,
    is_project_author,
    may_propose_as_resident,
    project_is_funded,
    project_is_submitted,
)

# object: District
rules.add_perm("budgeting.view_budgeting", rules.always_allow)
rules.add_perm("budgeting.add_cycle", is_district_staff)

# object: Cycle
rules.add_perm("budgeting.manage_cycle", is_district_staff)  # settings, headings, criteria, committee
# a person suspended in the district (accounts.DistrictSuspension) proposes, edits and scores nothing there
active = ~is_suspended
rules.add_perm("budgeting.propose_project", may_propose_as_resident & active & phase_allows_pred("propose"))
rules.add_perm("budgeting.propose_on_behalf", is_district_staff & phase_allows_pred("propose"))
rules.add_perm("budgeting.export_projects", is_district_staff)

# object: Project
rules.add_perm(
    "budgeting.change_project",
    is_district_staff | (is_project_author & active & project_is_submitted & phase_allows_pred("propose")),
)
rules.add_perm("budgeting.withdraw_project", (is_project_author & project_is_submitted) | is_district_staff)
rules.add_perm("budgeting.screen_project", (is_official | is_district_staff) & phase_allows_pred("screen"))
rules.add_perm("budgeting.review_project", is_committee_member & active & phase_allows_pred("review"))
rules.add_perm("budgeting.shortlist_project", is_district_staff & phase_allows_pred("review"))
rules.add_perm("budgeting.report_progress", (is_district_staff | is_official) & project_is_funded)
rules.add_perm(
    "budgeting.attach_to_project", is_district_staff | (is_project_author & active & project_is_submitted)
)
