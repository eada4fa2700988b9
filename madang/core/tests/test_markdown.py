import time
from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from rest_framework import serializers

from madang.core.forms import CleanTextFormMixin, MarkdownField
from madang.core.markdown import render_markdown
from madang.core.serializers import CleanInputSerializerMixin, MarkdownSerializerField


def _tags(html):
    """(tag, attributes) of every real element in `html` (text that only looks like a tag is not one)."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(str(html))
    return found


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<div>\n<script>alert(1)</script>\n</div>\n",
        "앞 <script>alert(1)</script> 뒤",
        "`<script>alert(1)</script>`",
    ],
)
def test_script_is_text_never_markup(source):
    html = render_markdown(source)
    assert "<script" not in html and "script" not in {tag for tag, _ in _tags(html)}
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "[눌러](javascript:alert(1))",
        "[눌러](JaVaScRiPt:alert(1))",
        "[눌러](  javascript:alert(1))",
        "[눌러](data:text/html;base64,PHNjcmlwdD4=)",
        "[눌러][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
        '<a href="javascript:alert(1)">눌러</a>',
    ],
)
def test_only_safe_link_schemes(source):
    tags = _tags(render_markdown(source))
    assert {name for name, _attrs in tags} <= {"p", "a"}
    for _name, attrs in tags:
        for attribute, value in attrs:
            assert attribute in ("href", "rel")
            assert attribute != "href" or value.startswith(("http:", "https:", "mailto:", "/"))


def test_img_onerror_and_raw_tags_are_shown_as_text():
    html = render_markdown(
        '<img src=x onerror="alert(1)"> <strong>굵게</strong> ![그림](https://e.com/a.png)'
    )
    assert {tag for tag, _ in _tags(html)} == {"p"}
    assert "&lt;img" in html and "&lt;strong&gt;" in html


def test_links_get_rel_and_keep_safe_urls():
    html = render_markdown(
        "[마당](https://madang.example/a?b=1) <https://e.com> [메일](mailto:a@b.kr) [안](/mapo/)"
    )
    assert html.count('rel="nofollow noopener ugc"') == 4
    assert 'href="https://madang.example/a?b=1"' in html
    assert 'href="mailto:a@b.kr"' in html and 'href="/mapo/"' in html


def test_korean_lists_tables_code_and_quotes_render():
    source = (
        "## 제안 배경\n\n**마포구** 주민의 *의견*입니다.\n첫째 줄 다음 줄\n\n"
        "- 하나\n- 둘\n\n3. 셋\n4. 넷\n\n"
        "| 동 | 예산 |\n|---|---:|\n| 망원동 | 1000 |\n\n"
        "```python\nif a < b and c > d:\n    pass\n```\n\n> 인용 a<b"
    )
    html = render_markdown(source)
    assert "<h2>제안 배경</h2>" in html
    assert "<strong>마포구</strong>" in html and "<em>의견</em>" in html
    assert "입니다.<br>" in html  # nl2br
    assert "<ul>\n<li>하나</li>" in html and '<ol start="3">' in html
    assert "<th>동</th>" in html and "<td>1000</td>" in html
    assert '<code class="language-python">if a &lt; b and c &gt; d:' in html
    assert "<blockquote>" in html and "a&lt;b" in html


def test_empty_and_none():
    assert render_markdown("") == "" and render_markdown(None) == ""


@pytest.mark.parametrize(
    "source",
    [
        "가" * 100_000,
        "[" * 100_000,
        "[a" * 50_000,
        "![" * 50_000,
        "> " * 50_000,
        ">" * 100_000,
        "[](" * 33_000,
        "*" * 100_000,
        "<" * 100_000,
        ("[" * 12 + "\n\n") * 7_000,
    ],
)
def test_100k_characters_render_in_bounded_time(source):
    start = time.monotonic()
    html = render_markdown(source)
    assert time.monotonic() - start < 15  # worst ~2 s alone (shared CI is slower); quadratic took minutes
    assert html


def test_deep_quotes_and_bracket_floods_are_text():
    html = render_markdown("> " * 20 + "깊다")
    assert html.count("<blockquote>") == 8 and "&gt; 깊다" in html
    html = render_markdown("[" * 30 + "\n\n[링크](https://e.com)")
    assert "[" * 30 in html and 'href="https://e.com"' in html  # the next paragraph still links


def test_template_filter():
    out = Template("{% load madang %}{{ body|markdown }}").render(Context({"body": "**굵게** <b>x</b>"}))
    assert out == "<p><strong>굵게</strong> &lt;b&gt;x&lt;/b&gt;</p>"


class MarkdownForm(CleanTextFormMixin, forms.Form):
    body = MarkdownField()
    short = MarkdownField(max_length=5, required=False)


def test_markdown_field_keeps_lines_and_angle_brackets():
    form = MarkdownForm({"body": "  a < b\r\n\u200b둘째 <b>줄</b>\u0007  "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == "a < b\n둘째 <b>줄</b>"


def test_markdown_field_korean_messages():
    form = MarkdownForm({"body": " \u200b\n "})
    assert not form.is_valid() and form.errors["body"] == ["내용을 입력하세요."]
    form = MarkdownForm({"body": "가" * 20_001})
    assert "20000자 이내로 입력하세요. (지금 20001자)" in form.errors["body"]
    form = MarkdownForm({"body": "x", "short": "가나다라마바"})
    assert "5자 이내로 입력하세요. (지금 6자)" in form.errors["short"]


class MarkdownSerializer(CleanInputSerializerMixin, serializers.Serializer):
    body = MarkdownSerializerField()


def test_markdown_serializer_field():
    s = MarkdownSerializer(data={"body": "a<b\r\n\u200b둘째  "})
    assert s.is_valid(), s.errors
    assert s.validated_data["body"] == "a<b\n둘째"
    for data in ({}, {"body": " \u200b "}):
        s = MarkdownSerializer(data=data)
        assert not s.is_valid() and s.errors["body"] == ["내용을 입력하세요."]
    s = MarkdownSerializer(data={"body": "가" * 20_001})
    assert not s.is_valid() and s.errors["body"] == ["20000자 이내로 입력하세요."]
