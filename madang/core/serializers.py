"""Serializer pieces every API uses: the same text cleaning and number rule as the forms."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from .numbers import BIGINT_MAX, BIGINT_MIN, parse_int
from .services import DomainError
from .text import clean_line, clean_markdown, clean_text


class KoreanIntegerField(serializers.IntegerField):
    """A whole number by `core.numbers.parse_int` (JSON numbers, "1,000", never "１２３"), bounded by
    min_value/max_value and the 64-bit range, with the same Korean messages as the forms."""

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data) > 1000:
            self.fail("max_string_length")
        try:
            return parse_int(
                data,
                min=BIGINT_MIN if self.min_value is None else self.min_value,
                max=BIGINT_MAX if self.max_value is None else self.max_value,
            )
        except DomainError as error:
            raise serializers.ValidationError(error.message, code=error.code) from error


_INTEGER_MODEL_FIELDS = (
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)
_MULTILINE = "multiline"


class CleanInputSerializerMixin:
    """Every writable text field (CharField and its kinds: e-mail, URL, slug) gets the value cleaned with
    `core.text` before its own checks — one line (`clean_line`) unless the model field is a TextField or
    the field says `style={"multiline": True}`; whole numbers go through `KoreanIntegerField`."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        **{field: KoreanIntegerField for field in _INTEGER_MODEL_FIELDS},
    }

    def get_fields(self):
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        for name, field in fields.items():
            if (
                isinstance(field, serializers.CharField)
                and not field.read_only
                and not getattr(field, "cleans_itself", False)
            ):
                multiline = field.style.get(_MULTILINE, False)
                if model is not None and not multiline:
                    source = field.source if field.source not in (None, "*") else name
                    try:
                        multiline = isinstance(model._meta.get_field(source), models.TextField)
                    except FieldDoesNotExist:  # a dotted source or a field of the serializer's own
                        multiline = False
                _wrap_run_validation(field, clean_text if multiline else clean_line)
        return fields


def _wrap_run_validation(field, cleaner) -> None:
    original = field.run_validation

    def run_validation(data=empty):
        if isinstance(data, str):
            data = cleaner(data)
        return original(data)

    field.run_validation = run_validation


class MarkdownSerializerField(serializers.CharField):
    """The API's `core.forms.MarkdownField`: Markdown source cleaned by `core.text.clean_markdown`
    (line breaks and "<" kept), required and non-empty, at most `max_length` characters."""

    cleans_itself = True

    def __init__(self, *, max_length=20000, **kwargs):
        kwargs.setdefault("style", {"base_template": "textarea.html", _MULTILINE: True})
        kwargs["error_messages"] = {
            "required": _("내용을 입력하세요."),
            "blank": _("내용을 입력하세요."),
            "max_length": _("{max_length}자 이내로 입력하세요."),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(max_length=max_length, trim_whitespace=False, **kwargs)

    def run_validation(self, data=empty):
        if isinstance(data, str):
            data = clean_markdown(data)
        return super().run_validation(data)


class UploadSerializerField(serializers.FileField):
    """The API's `core.forms.UploadField`: a multipart file checked by `core.uploads.validate_upload`."""

    def __init__(self, *, kinds=("image", "pdf"), max_bytes=None, **kwargs):
        from .uploads import DEFAULT_MAX_BYTES

        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes or DEFAULT_MAX_BYTES
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        from django.core.exceptions import ValidationError as DjangoValidationError

        from .uploads import validate_upload

        f = super().to_internal_value(data)
        try:
            f.upload_kind = validate_upload(f, kinds=self.kinds, max_bytes=self.max_bytes)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code=error.code) from error
        return f
