"""Kept for imports of `district_view`; the resolver lives in `madang.core.tenancy`."""

from .tenancy import district_view

__all__ = ["district_view"]
