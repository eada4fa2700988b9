import unicodedata

import pytest

from madang.core.text import clean_line, clean_text, normalize

NAME = "강북지역포럼"


@pytest.mark.parametrize(
    "look_alike",
    [
        NAME + "\u200b",  # trailing zero-width space
        unicodedata.normalize("NFD", NAME),  # decomposed Hangul
        "강북\u200d지역포럼",  # zero-width joiner
        "\ufeff" + NAME,  # byte-order mark
        "강북\u202e지역포럼",  # right-to-left override
        "강북지역포럼\u2066",  # bidi isolate
        " 강북지역포럼\x00",
    ],
)
def test_look_alike_names_clean_to_one_name(look_alike):
    assert look_alike != NAME
    assert clean_line(look_alike) == NAME
    assert clean_text(look_alike) == NAME


def test_bidi_override_is_stripped_inside_a_url():
    assert normalize("https://example.org/\u202egpj.exe") == "https://example.org/gpj.exe"
    assert clean_line("https://example.org/a?b=1&c=2\u202e") == "https://example.org/a?b=1&c=2"


@pytest.mark.parametrize(
    "value",
    [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "<scr<script>ipt>alert(1)</script>",
        "&lt;img src=x onerror=alert(1)&gt;",
    ],
)
def test_escaped_markup_never_comes_back_as_markup(value):
    cleaned = clean_text(value)
    assert "<script" not in cleaned.lower() and "<img" not in cleaned.lower()


def test_plain_text_keeps_its_characters():
    assert clean_text("1 < 2 & 3 > 2") == "1 < 2 & 3 > 2"
    assert clean_text("Tom &amp; Jerry") == "Tom & Jerry"
    assert clean_text("첫 줄\n둘째 줄") == "첫 줄\n둘째 줄"
    assert clean_line("  강북   지역\n포럼 ") == "강북 지역 포럼"
