"""One cleaning path for text from outside (forms, API, import), and small Korean text helpers."""

from __future__ import annotations

import re
import unicodedata

import nh3

# Zero-width characters and bidirectional controls (U+200B–U+200F, U+202A–U+202E, U+2060–U+2064,
# U+2066–U+2069, U+FEFF) and C0/C1 control characters other than tab and newlines.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_UNESCAPE = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&"))


def normalize(value: str) -> str:
    """NFC, without control characters, zero-width or bidirectional control characters."""
    value = unicodedata.normalize("NFC", value)
    value = _CONTROL.sub("", value)
    return _INVISIBLE.sub("", value)


def _strip_tags(value: str) -> str:
    cleaned = nh3.clean(value, tags=set(), attributes={})
    for entity, char in _UNESCAPE:
        cleaned = cleaned.replace(entity, char)
    return cleaned


def clean_text(value):
    """Plain text: normalised, tags stripped until nothing tag-like is left (so an escaped
    `&lt;script&gt;` never comes back as markup), trimmed. Templates escape it again on output."""
    if not isinstance(value, str):
        return value
    value = normalize(value)
    for _round in range(5):
        cleaned = _strip_tags(value)
        if cleaned == value:
            break
        value = cleaned
    return value.strip()


def clean_markdown(value):
    """Markdown source: normalised (NFC, no control or invisible characters; tabs and line breaks
    kept), Windows line breaks made "\\n", trailing blanks of the whole text trimmed. Markup is not
    stripped here: `core.markdown.render_markdown` shows raw HTML as text when it renders."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return normalize(value).strip()


def has_batchim(word: str) -> bool:
    """Whether the last Hangul syllable of `word` ends in a consonant (for 이/가, 은/는, 을/를)."""
    for char in reversed(word.strip()):
        if "가" <= char <= "힣":
            return (ord(char) - 0xAC00) % 28 != 0
        if char.isalnum():
            return False
    return False


def josa(word: str, with_batchim: str, without_batchim: str) -> str:
    """`word` followed by the particle that fits it: josa("행정동", "이", "가") → "행정동이".
    A word that does not end in Hangul (an English translation) gets no particle."""
    last = next((char for char in reversed(word.strip()) if char.isalnum()), "")
    if not ("가" <= last <= "힣"):
        return word
    return word + (with_batchim if has_batchim(word) else without_batchim)


def clean_line(value):
    """One line of plain text (a name, a title): `clean_text` with every run of whitespace, line breaks
    included, made one space. Names equal after this are one name."""
    value = clean_text(value)
    if not isinstance(value, str):
        return value
    return " ".join(value.split())


def in_english() -> bool:
    """Whether the active language is English (reference data then shows its English name)."""
    from django.utils import translation

    return (translation.get_language() or "").startswith("en")


def localized_name(korean: str, english: str) -> str:
    """`english` when the active language is English and the English name is known, else `korean`."""
    return english if english and in_english() else korean
