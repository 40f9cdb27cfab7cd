"""Upload checks for documentation photos and event outputs: known extensions, size, matching content."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
DOCUMENT_EXTENSIONS = {
    ".pdf",
    ".odt",
    ".ods",
    ".odp",
    ".docx",
    ".xlsx",
    ".pptx",
    ".txt",
    ".md",
    ".csv",
    ".stl",
    ".dxf",
    ".scad",
    ".step",
    ".stp",
    ".obj",
    ".fcstd",
    ".ino",
    ".zip",
}
# Content signatures for the formats browsers would render: a renamed file is refused. SVG is not
# accepted at all: it can carry scripts that would run on the site's own origin.
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
    ".zip": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".odp": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
}


def _check(upload, allowed: set[str]) -> None:
    if not upload:
        return
    extension = Path(upload.name).suffix.lower()
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Accepted types: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(sorted(allowed))},
            code="upload_extension",
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": MAX_UPLOAD_BYTES // 1024 // 1024},
            code="upload_size",
        )
    signatures = SIGNATURES.get(extension)
    if signatures and not _head(upload, 16).startswith(signatures):
        raise ValidationError(
            _("The content of this file does not match its “%(extension)s” extension.")
            % {"extension": extension},
            code="upload_content",
        )


def _head(upload, size: int) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    data = upload.read(size)
    upload.seek(position)
    return data


def validate_upload(upload) -> None:
    """An image (photo of a step or of an event): JPEG, PNG or WebP up to 10 MB."""
    _check(upload, IMAGE_EXTENSIONS)


def validate_output_file(upload) -> None:
    """A document, a design file or an image shared as an event output, up to 10 MB."""
    _check(upload, IMAGE_EXTENSIONS | DOCUMENT_EXTENSIONS)
