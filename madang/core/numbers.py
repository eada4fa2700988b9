"""One parser for whole numbers typed by people (forms, API, import).

The rule, everywhere: ASCII digits 0–9, an optional leading minus, optional thousands commas in their
places ("1,000", "12,345,678"), an optional unit a Korean list often carries (년, 명, 곳, 개) and
surrounding spaces. Anything else — full-width digits ("１２３"), other scripts' digits, "1,00", "1.5",
"1e3" — is refused with a Korean message that says how to write it. Values are bounded by the
database's 64-bit integer at most, so a huge number is a message, never an OverflowError.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .services import DomainError

BIGINT_MAX = 2**63 - 1
BIGINT_MIN = -(2**63)
UNITS = ("년", "명", "곳", "개")
MAX_LENGTH = 40  # no sensible number is longer; do not feed long text to int()

_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)")
_UNIT = re.compile(r"\s*(?:" + "|".join(UNITS) + r")$")


def _bound(number: int) -> str:
    """A bound as people read it: years plain (2100), large counts grouped (10,000,000)."""
    return f"{number:,}" if abs(number) >= 10_000 else str(number)


def _invalid(value: str) -> DomainError:
    if any(char.isdigit() and not "0" <= char <= "9" for char in value):
        return DomainError(
            _("숫자는 0~9로 입력하세요. 전각 숫자(１２３)나 다른 문자의 숫자는 쓸 수 없습니다."),
            code="invalid_number",
        )
    return DomainError(
        _("숫자만 입력하세요. 예: 120, 1,000 (쉼표는 세 자리마다)."),
        code="invalid_number",
    )


def parse_int(value, *, min: int | None = None, max: int | None = None) -> int:
    """The whole number in `value` (text or int), within [min, max] and the 64-bit range.

    Raises DomainError(code="invalid_number" | "out_of_range") with a Korean message."""
    if isinstance(value, bool):
        raise _invalid("")
    if isinstance(value, float):
        if not value.is_integer():
            raise _invalid("")
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if len(text) > MAX_LENGTH:
            raise DomainError(_("숫자가 너무 깁니다."), code="out_of_range")
        text = _UNIT.sub("", text)
        if not _NUMBER.fullmatch(text):
            raise _invalid(text)
        number = int(text.replace(",", ""))
    low = BIGINT_MIN if min is None else min
    high = BIGINT_MAX if max is None else max
    if number < low:
        raise DomainError(_("%(min)s 이상인 숫자를 입력하세요.") % {"min": _bound(low)}, code="out_of_range")
    if number > high:
        raise DomainError(_("%(max)s 이하인 숫자를 입력하세요.") % {"max": _bound(high)}, code="out_of_range")
    return number
