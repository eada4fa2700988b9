"""Identity keys: who a registry row or a verification is, without storing who it is.

    identity_key(name="홍길동", birth_date=date(1980, 5, 17), dong_name="망원1동") -> "3f9a…" (64 hex)

The key is HMAC-SHA256 over the normalised "name|YYYY-MM-DD|dong" with a secret kept outside the
database (`settings.RESIDENT_HMAC_KEY`, from the environment). A plain or salted hash would not do:
names, birth dates and 행정동 are few enough that anyone holding the database could hash every
combination; without the secret they cannot test a single guess.

Normalisation, so the same person typed twice gives the same key: Unicode NFC, control and zero-width
characters removed, all whitespace removed, case folded (a name typed "홍 길동" or "Hong Gildong" with
other spacing is the same); the birth date as ISO `YYYY-MM-DD` (accepted as 1980-05-17, 1980.5.17,
1980/05/17, 19800517, 1980년 5월 17일); the 행정동 the same way as the name.

Development and tests (`RESIDENT_HMAC_KEY_DERIVE = True`, not production) derive the secret from
SECRET_KEY with the fixed label `madang.residents.identity-key.v1` when RESIDENT_HMAC_KEY is empty.
Changing the secret invalidates every stored key (re-upload the registry; verified people verify again).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from madang.core.exceptions import DomainError
from madang.core.text import normalize

DERIVE_LABEL = b"madang.residents.identity-key.v1"
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?\.?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def hmac_key() -> bytes:
    """The secret: RESIDENT_HMAC_KEY, or (development, tests) one derived from SECRET_KEY."""
    key = getattr(settings, "RESIDENT_HMAC_KEY", "")
    if key:
        return key.encode()
    if getattr(settings, "RESIDENT_HMAC_KEY_DERIVE", False) and settings.SECRET_KEY:
        return hmac.new(settings.SECRET_KEY.encode(), DERIVE_LABEL, hashlib.sha256).digest()
    raise ImproperlyConfigured("RESIDENT_HMAC_KEY must be set (environment variable) to verify residents.")


def normalize_name(value: str) -> str:
    """'  홍 길동 ' → '홍길동' (NFC, no invisible characters, no whitespace, case folded)."""
    return _SPACES.sub("", normalize(str(value or ""))).casefold()


def parse_birth_date(value) -> datetime.date:
    """A birth date from a date, or text in the usual Korean ways; a Korean DomainError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = normalize(str(value or "")).strip()
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text  # XLSX datetimes
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match:
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise DomainError(
        _("생년월일 '%(value)s'을(를) 읽을 수 없습니다. 1980-05-17처럼 적어 주세요.") % {"value": text[:20]},
        code="invalid_birth_date",
    )


def identity_key(*, name: str, birth_date, dong_name: str, secret: bytes | None = None) -> str:
    """The keyed hash (64 hex digits) of a person's name, birth date and 행정동 name.

    `secret` is `hmac_key()` unless given (an import computes it once for all its rows)."""
    name_part = normalize_name(name)
    dong_part = normalize_name(dong_name)
    if not name_part or not dong_part:
        raise DomainError(_("이름과 행정동을 모두 적어 주세요."), code="invalid")
    return key_from_parts(secret or hmac_key(), name_part, parse_birth_date(birth_date), dong_part)


def key_from_parts(secret: bytes, name_part: str, day: datetime.date, dong_part: str) -> str:
    """The key of already normalised parts (`normalize_name` of the name and the 행정동)."""
    message = f"v1|{name_part}|{day.isoformat()}|{dong_part}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
