"""One check for every uploaded file: size, type by content, extension that matches the content.

`validate_upload(f, kinds=("image", "pdf"), max_bytes=5 MB)` returns the detected kind ("image" or
"pdf") or raises `ValidationError` with a Korean message. Images are opened with Pillow and verified
(JPEG, PNG, WebP, GIF only), with a pixel bound against decompression bombs; a PDF must start with
`%PDF-`. The file's name must end in an extension of the detected format, so a text file named
`.png` or a PNG named `.pdf` is refused. Form field `core.forms.UploadField`, API field
`core.serializers.UploadSerializerField`.
"""

from __future__ import annotations

import os
import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# 40 megapixels: a phone photo is 12–50; a decompression bomb (a few KB → gigapixels) is refused
# before its pixels are decoded.
MAX_IMAGE_PIXELS = 40_000_000

# Pillow format → extensions a file of that format may have.
IMAGE_FORMATS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "WEBP": {".webp"},
    "GIF": {".gif"},
}
PDF_EXTENSIONS = {".pdf"}
KIND_LABELS = {"image": gettext_lazy("이미지(JPG, PNG, WebP, GIF)"), "pdf": "PDF"}


def _size(f) -> int:
    size = getattr(f, "size", None)
    if size is None:
        position = f.tell()
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(position)
    return size


def _head(f, n: int) -> bytes:
    f.seek(0)
    data = f.read(n)
    f.seek(0)
    return data


def _image_format(f) -> str | None:
    """The Pillow format of a verified, not oversized image, None when `f` is not an allowed image."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            f.seek(0)
            with Image.open(f, formats=list(IMAGE_FORMATS)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("이미지가 너무 큽니다. %(limit)s 화소 이하로 줄여 올려 주세요.")
                        % {"limit": f"{MAX_IMAGE_PIXELS // 1_000_000}00만"},
                        code="image_too_large",
                    )
                image_format = image.format
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("이미지가 너무 큽니다. %(limit)s 화소 이하로 줄여 올려 주세요.")
            % {"limit": f"{MAX_IMAGE_PIXELS // 1_000_000}00만"},
            code="image_too_large",
        ) from None
    except Exception:
        return None
    finally:
        f.seek(0)
    return image_format if image_format in IMAGE_FORMATS else None


def validate_upload(f, *, kinds=("image", "pdf"), max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The kind of `f` ("image" or "pdf", one of `kinds`), or a `ValidationError` in Korean."""
    allowed = " · ".join(str(KIND_LABELS[kind]) for kind in kinds)
    size = _size(f)
    if size == 0:
        raise ValidationError(_("빈 파일입니다."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("파일이 너무 큽니다. %(limit)s 이하만 올릴 수 있습니다. (지금 %(size)s)")
            % {"limit": filesizeformat(max_bytes), "size": filesizeformat(size)},
            code="file_too_large",
        )
    extension = os.path.splitext(getattr(f, "name", "") or "")[1].lower()
    kind = extensions = None
    if "pdf" in kinds and _head(f, 5) == b"%PDF-":
        kind, extensions = "pdf", PDF_EXTENSIONS
    elif "image" in kinds:
        image_format = _image_format(f)
        if image_format is not None:
            kind, extensions = "image", IMAGE_FORMATS[image_format]
    if kind is None:
        raise ValidationError(
            _("올릴 수 없는 파일 형식입니다. %(allowed)s 파일만 올릴 수 있습니다.") % {"allowed": allowed},
            code="invalid_type",
        )
    if extension not in extensions:
        raise ValidationError(
            _("파일 이름의 확장자가 내용과 맞지 않습니다. 내용은 %(kind)s 파일입니다 (%(extensions)s).")
            % {"kind": KIND_LABELS[kind], "extensions": ", ".join(sorted(extensions))},
            code="extension_mismatch",
        )
    return kind
