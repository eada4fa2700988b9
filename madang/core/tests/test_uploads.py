import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework import serializers

from madang.core import uploads
from madang.core.forms import UploadField
from madang.core.serializers import UploadSerializerField
from madang.core.uploads import validate_upload

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def image_bytes(fmt, size=(4, 3)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("PNG", "사진.png"), ("JPEG", "photo.JPG"), ("JPEG", "a.jpeg"), ("WEBP", "a.webp"), ("GIF", "a.gif")],
)
def test_real_images_pass(fmt, name):
    assert validate_upload(upload(name, image_bytes(fmt))) == "image"


def test_pdf_passes():
    assert validate_upload(upload("회의록.pdf", PDF)) == "pdf"
    assert validate_upload(upload("회의록.pdf", PDF), kinds=("pdf",)) == "pdf"


def _code(f, **kwargs):
    with pytest.raises(ValidationError) as info:
        validate_upload(f, **kwargs)
    return info.value.code, info.value.messages[0]


def test_text_renamed_png_is_refused():
    code, message = _code(upload("가짜.png", "그냥 글입니다".encode()))
    assert code == "invalid_type" and "올릴 수 없는 파일 형식" in message


def test_png_named_pdf_and_pdf_named_png_are_refused():
    code, message = _code(upload("문서.pdf", image_bytes("PNG")))
    assert code == "extension_mismatch" and ".png" in message
    assert _code(upload("그림.png", PDF))[0] == "extension_mismatch"
    assert _code(upload("noextension", image_bytes("PNG")))[0] == "extension_mismatch"


def test_kind_not_allowed():
    assert _code(upload("회의록.pdf", PDF), kinds=("image",))[0] == "invalid_type"
    assert _code(upload("a.png", image_bytes("PNG")), kinds=("pdf",))[0] == "invalid_type"


def test_other_image_formats_are_refused():
    assert _code(upload("a.bmp", image_bytes("BMP")))[0] == "invalid_type"
    assert _code(upload("a.png", image_bytes("BMP")))[0] == "invalid_type"


def test_oversized_and_empty_files():
    code, message = _code(upload("큰.pdf", PDF + b"0" * (1024 * 1024)), max_bytes=1024 * 1024)
    assert code == "file_too_large" and "1.0" in message and "MB" in message
    assert _code(upload("빈.png", b""))[0] == "empty"


def test_truncated_image_is_refused():
    data = image_bytes("PNG", (50, 50))
    assert _code(upload("a.png", data[: len(data) // 2]))[0] == "invalid_type"


def test_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 100)
    code, message = _code(upload("큰그림.png", image_bytes("PNG", (20, 20))))
    assert code == "image_too_large" and "화소" in message
    # a bomb: a tiny file whose header claims 100,000 × 100,000 pixels is refused before decoding
    big = image_bytes("PNG", (1, 1))
    ihdr = big.index(b"IHDR")
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header) & 0xFFFFFFFF)
    bomb = big[: ihdr + 4] + header + crc + big[ihdr + 4 + 13 + 4 :]
    assert len(bomb) < 200
    assert _code(upload("bomb.png", bomb))[0] == "image_too_large"


class UploadForm(forms.Form):
    picture = UploadField(kinds=("image",), max_bytes=100_000)


def test_upload_form_field():
    form = UploadForm(files={"picture": upload("a.png", image_bytes("PNG"))})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["picture"].upload_kind == "image"
    assert 'accept=".gif,.jpeg,.jpg,.png,.webp"' in str(form["picture"])
    form = UploadForm(files={"picture": upload("a.png", b"not an image")})
    assert not form.is_valid() and "올릴 수 없는 파일 형식" in form.errors["picture"][0]


class UploadSerializer(serializers.Serializer):
    file = UploadSerializerField()


def test_upload_serializer_field():
    s = UploadSerializer(data={"file": upload("회의록.pdf", PDF)})
    assert s.is_valid(), s.errors
    assert s.validated_data["file"].upload_kind == "pdf"
    s = UploadSerializer(data={"file": upload("문서.pdf", image_bytes("PNG"))})
    assert not s.is_valid()
    assert s.errors["file"][0].code == "extension_mismatch" and "확장자" in s.errors["file"][0]
