"""Form pieces every app uses: text cleaned on the way in, and whole numbers by one rule."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .numbers import BIGINT_MAX, BIGINT_MIN, parse_int
from .services import DomainError
from .text import clean_line, clean_markdown, clean_text


def clean_field_value(field, value):
    """What a text field gets before its own checks: one line for inputs, plain text for text areas."""
    if not isinstance(value, str):
        return value
    return clean_text(value) if isinstance(field.widget, forms.Textarea) else clean_line(value)


class CleanTextFormMixin:
    """Every text field (CharField and its kinds: e-mail, URL, slug) is cleaned with `core.text` before
    it is checked: NFC, no control, zero-width or bidirectional characters, no tags. So `max_length`,
    `required` and the uniqueness check downstream all see what will be stored, and "강북지역포럼\\u200b"
    is "강북지역포럼". Passwords are left exactly as typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field.widget, forms.PasswordInput)
                and not getattr(field, "cleans_itself", False)
            ):
                _wrap_clean(field)


def _wrap_clean(field) -> None:
    original = field.clean

    def clean(value):
        if isinstance(value, list | tuple):
            value = [clean_field_value(field, item) for item in value]
        else:
            value = clean_field_value(field, value)
        return original(value)

    field.clean = clean


class KoreanIntegerField(forms.IntegerField):
    """A whole number read by `core.numbers.parse_int`: "1,000" and "120명" are accepted, "１２３" is
    refused with a Korean message; bounded by min_value/max_value and the 64-bit range. A text input
    with a numeric keyboard, since a number input drops "1,000"."""

    widget = forms.TextInput

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_int(
                value,
                min=BIGINT_MIN if self.min_value is None else self.min_value,
                max=BIGINT_MAX if self.max_value is None else self.max_value,
            )
        except DomainError as error:
            raise ValidationError(error.message, code=error.code) from error


class MarkdownField(forms.CharField):
    """Text written in Markdown (rendered with `core.markdown.render_markdown`): NFC, control and
    invisible characters removed, line breaks kept, and — unlike plain text fields — "<" and ">" kept
    (the renderer shows raw HTML as text, and code may need them). Required unless told otherwise;
    `max_length` counts characters, with Korean messages."""

    cleans_itself = True
    widget = forms.Textarea

    def __init__(self, *, max_length=20000, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"] = {
            "required": _("내용을 입력하세요."),
            "max_length": _("%(limit_value)s자 이내로 입력하세요. (지금 %(show_value)s자)"),
            **kwargs["error_messages"],
        }
        super().__init__(max_length=max_length, strip=False, **kwargs)
        self.widget.attrs.setdefault("rows", 10)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_markdown(value) if isinstance(value, str) else value


class UploadField(forms.FileField):
    """A file checked by `core.uploads.validate_upload` (size, type by content, matching extension);
    the detected kind is left on the file as `upload_kind`. The widget's `accept` lists the types."""

    def __init__(self, *, kinds=("image", "pdf"), max_bytes=None, **kwargs):
        from .uploads import DEFAULT_MAX_BYTES, IMAGE_FORMATS, PDF_EXTENSIONS

        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes or DEFAULT_MAX_BYTES
        super().__init__(**kwargs)
        accept = []
        if "image" in self.kinds:
            accept += sorted(ext for exts in IMAGE_FORMATS.values() for ext in exts)
        if "pdf" in self.kinds:
            accept += sorted(PDF_EXTENSIONS)
        self.widget.attrs.setdefault("accept", ",".join(accept))

    def to_python(self, data):
        from .uploads import validate_upload

        f = super().to_python(data)
        if f is not None:
            f.upload_kind = validate_upload(f, kinds=self.kinds, max_bytes=self.max_bytes)
        return f
