import unicodedata

from django import forms

from madang.core.forms import CleanTextFormMixin, KoreanIntegerField


class SampleForm(CleanTextFormMixin, forms.Form):
    name = forms.CharField(max_length=6)
    bio = forms.CharField(required=False, widget=forms.Textarea)
    website = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(required=False, strip=False, widget=forms.PasswordInput)
    count = KoreanIntegerField(required=False, min_value=0, max_value=10_000_000)


def test_text_is_cleaned_before_its_checks():
    # 6 characters once the zero-width space is gone, so max_length=6 holds
    form = SampleForm({"name": "강북지역포럼\u200b", "bio": "<b>첫</b> 줄\n둘째 줄"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "강북지역포럼"
    assert form.cleaned_data["bio"] == "첫 줄\n둘째 줄"  # a text area keeps its lines


def test_decomposed_hangul_and_joiners_clean_to_the_same_name():
    for look_alike in (unicodedata.normalize("NFD", "강북지역포럼"), "강북\u200d지역포럼"):
        form = SampleForm({"name": look_alike})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["name"] == "강북지역포럼"
    form = SampleForm({"name": " 강북  포럼\n "})  # runs of spaces in a one-line field are one space
    assert form.is_valid() and form.cleaned_data["name"] == "강북 포럼"


def test_only_invisible_or_markup_is_empty_and_required():
    form = SampleForm({"name": "\u200b<b></b>"})
    assert not form.is_valid()
    assert form.errors["name"] == ["이 필드는 필수 항목입니다."]


def test_escaped_script_never_comes_back():
    form = SampleForm({"name": "모임", "bio": "&lt;script&gt;alert(1)&lt;/script&gt;"})
    assert form.is_valid()
    assert "<script" not in form.cleaned_data["bio"]


def test_bidi_override_inside_a_url_is_stripped():
    form = SampleForm({"name": "모임", "website": "https://example.org/\u202egpj.exe"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["website"] == "https://example.org/gpj.exe"


def test_passwords_are_left_as_typed():
    form = SampleForm({"name": "모임", "password": " <b>pa\u200bss</b> "})
    assert form.is_valid()
    assert form.cleaned_data["password"] == " <b>pa\u200bss</b> "


def test_korean_integer_field():
    assert SampleForm({"name": "모임", "count": "1,000"}).is_valid()
    form = SampleForm({"name": "모임", "count": "1,000명"})
    assert form.is_valid() and form.cleaned_data["count"] == 1000
    form = SampleForm({"name": "모임", "count": "１２３"})
    assert not form.is_valid()
    assert "전각 숫자" in form.errors["count"][0]
    form = SampleForm({"name": "모임", "count": "10,000,001"})
    assert form.errors["count"] == ["10,000,000 이하인 숫자를 입력하세요."]
    form = SampleForm({"name": "모임", "count": "9223372036854775808"})
    assert not form.is_valid()
    assert SampleForm({"name": "모임", "count": " "}).is_valid()


def test_korean_integer_field_is_a_numeric_text_input():
    html = str(SampleForm()["count"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html


def test_korean_integer_field_renders_its_value_without_separators():
    html = str(SampleForm(initial={"name": "모임", "count": 2010000})["count"])
    assert 'value="2010000"' in html
