"""The network's pages, one module per concern. Thin: parse input, call a service or selector, render."""

from .committees import committee_create, committee_detail, committee_list
from .directory import (
    home,
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_join,
    organisation_list,
    tie_create,
    tie_delete,
)
from .insights import analytics, search
from .membership import (
    membership_apply,
    membership_decide,
    membership_leave,
    membership_manage,
    network_settings,
)
from .people import my_profile, my_profile_delete, my_profile_export, person_detail, person_list
from .resources import resource_create, resource_detail, resource_edit, resource_list
from .review import affiliation_decide, organisation_decide, review_queue, tie_decide
from .spreadsheets import export_directory, import_preview, import_progress, import_upload

__all__ = [
    "affiliation_decide",
    "analytics",
    "committee_create",
    "committee_detail",
    "committee_list",
    "export_directory",
    "home",
    "import_preview",
    "import_progress",
    "import_upload",
    "membership_apply",
    "membership_decide",
    "membership_leave",
    "membership_manage",
    "my_profile",
    "my_profile_delete",
    "my_profile_export",
    "network_settings",
    "organisation_create",
    "organisation_decide",
    "organisation_detail",
    "organisation_edit",
    "organisation_join",
    "organisation_list",
    "person_detail",
    "person_list",
    "resource_create",
    "resource_detail",
    "resource_edit",
    "resource_list",
    "review_queue",
    "search",
    "tie_create",
    "tie_decide",
    "tie_delete",
]
