"""The forums' permissions: a role predicate, a phase predicate (processes) and the post's state.

Phases of a board's process open `discuss` (new topics) and `comment`; likes and edits need no
phase. Suspended people (accounts.DistrictSuspension) can write nothing.
"""

import rules

from madang.accounts.predicates import is_district_staff, is_suspended
from madang.processes.predicates import phase_allows_pred

from .predicates import is_author, is_district_participant, topic_is_open, topic_is_public

can_write = is_district_participant & ~is_suspended

# object: District
rules.add_perm("forums.view_forum", rules.always_allow)
rules.add_perm("forums.add_board", is_district_staff)
rules.add_perm("forums.review", is_district_staff)  # the review queue; staff posts skip review
rules.add_perm("forums.skip_rate_limit", is_district_staff)

# object: Board
rules.add_perm("forums.add_topic", can_write & phase_allows_pred("discuss"))
rules.add_perm("forums.record_offline", is_district_staff)

# object: Topic
rules.add_perm(
    "forums.add_comment", can_write & phase_allows_pred("comment") & topic_is_open & topic_is_public
)
rules.add_perm("forums.like_topic", can_write & topic_is_public)
rules.add_perm("forums.change_topic", is_district_staff | (is_author & ~is_suspended & topic_is_open))
rules.add_perm("forums.close_topic", is_district_staff)
rules.add_perm("forums.view_topic_history", is_district_staff | is_author)

# object: Comment
rules.add_perm("forums.like_comment", can_write & topic_is_public)
rules.add_perm("forums.change_comment", is_district_staff | (is_author & ~is_suspended & topic_is_open))
rules.add_perm("forums.view_comment_history", is_district_staff | is_author)
