"""The budgeting app's URLs for the tenancy walk (core/tests/test_tenancy.py)."""

from .ballot_tenancy import *  # noqa: F403 - the ballots part registers its URLs
