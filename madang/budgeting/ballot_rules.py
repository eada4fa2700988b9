"""Permissions of the ballots part (object: a `Cycle`). Imported from `ballot_registry.register()`.

- `budgeting.vote_cycle`: an eligible voter (verified, old enough, not suspended) while a phase opens `vote`.
- `budgeting.enter_offline_ballot`: district staff from the start of voting until the results are published.
- `budgeting.score_channels`: district staff (예산학교·설문·제안자 scores) until the results are published.
- `budgeting.view_turnout`: district staff (numbers only, never choices).
- `budgeting.preview_results`: district staff once voting is over.
- `budgeting.publish_results`: district staff once voting is over, once.
- `budgeting.view_results`: anyone once the results are published.
"""

import rules

from madang.accounts.predicates import is_district_staff, is_suspended
from madang.processes.predicates import phase_allows_pred

from .ballot_predicates import are_results_published, has_voting_closed, has_voting_started, is_eligible_voter

rules.add_perm("budgeting.vote_cycle", is_eligible_voter & ~is_suspended & phase_allows_pred("vote"))
rules.add_perm(
    "budgeting.enter_offline_ballot", is_district_staff & has_voting_started & ~are_results_published
)
rules.add_perm("budgeting.score_channels", is_district_staff & ~are_results_published)
rules.add_perm("budgeting.view_turnout", is_district_staff)
rules.add_perm("budgeting.preview_results", is_district_staff & has_voting_closed)
rules.add_perm("budgeting.publish_results", is_district_staff & has_voting_closed & ~are_results_published)
rules.add_perm("budgeting.view_results", are_results_published)
