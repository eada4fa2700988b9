"""Markdown for what people write (topics, proposals, comments): one renderer, always sanitised.

`render_markdown(text)` runs Python-Markdown with a few safe extensions, then `nh3` (ammonia) with an
allow-list of tags and attributes. Raw HTML in the input is escaped as text (Markdown's HTML passes are
switched off), never passed through; links keep only http/https/mailto URLs (and relative ones)
and get `rel="nofollow noopener ugc"`. Template filter: `{% load madang %}{{ body|markdown }}`.
"""

from __future__ import annotations

import re

import markdown as _markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension

from .text import normalize

EXTENSIONS = ("sane_lists", "nl2br", "fenced_code", "tables")
# Longest text rendered; the form field caps input well below this, so it only bounds old rows.
MAX_RENDER_CHARS = 100_000

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"


def _attribute_filter(tag: str, attribute: str, value: str):
    # fenced_code writes class="language-python"; nothing else may set a class.
    if attribute == "class" and not (tag == "code" and value.startswith("language-")):
        return None
    return value


def render_markdown(text: str) -> SafeString:
    """Safe HTML for `text` written in Markdown ("" for nothing)."""
    if not text:
        return mark_safe("")
    text = _defuse(normalize(str(text))[:MAX_RENDER_CHARS])
    rendered = _markdown.markdown(text, extensions=[*EXTENSIONS, _NoRawHtml()], output_format="html")
    rendered = rendered.replace(_BRACKET, "[").replace(_QUOTE, "&gt;")
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )
    return mark_safe(cleaned)


# Python-Markdown's link pattern is worse than quadratic in the number of unmatched "[" of a paragraph
# (4,000 of them take seconds), and every ">" opens a nested quote. Beyond these bounds the characters
# are read as text: no real text needs 12 brackets in a paragraph or quotes 8 deep. They are swapped
# for private-use characters during the Markdown pass and put back after it (a backslash escape would
# cost Markdown a placeholder each, which is quadratic again).
_BRACKET, _QUOTE = "\ue000", "\ue001"
MAX_BRACKETS_PER_BLOCK = 12
MAX_QUOTE_DEPTH = 8
_BLOCK_SPLIT = re.compile(r"(\n[ \t]*\n)")
_QUOTE_RUN = re.compile(r"^((?:[ \t]*>){" + str(MAX_QUOTE_DEPTH) + r"})((?:[ \t]*>)+)", re.MULTILINE)


def _defuse(text: str) -> str:
    text = text.replace(_BRACKET, "").replace(_QUOTE, "")
    parts = _BLOCK_SPLIT.split(text)
    for i, part in enumerate(parts):
        if part.count("[") > MAX_BRACKETS_PER_BLOCK:
            parts[i] = part.replace("[", _BRACKET)
    text = "".join(parts)
    return _QUOTE_RUN.sub(lambda m: m.group(1) + m.group(2).replace(">", _QUOTE), text)


class _NoRawHtml(Extension):
    """Raw HTML in the input is text: without the HTML block preprocessor and the inline HTML pattern,
    Markdown escapes "<script>" like any other character. Images are not shown (a link to the picture
    is: "![설명](url)" becomes "!" and a link)."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        for name in ("html", "image_link", "image_reference", "short_image_ref"):
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
