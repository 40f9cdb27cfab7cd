"""Checking uploaded files by what they contain, not by what their name or browser says."""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
ODP = "application/vnd.oasis.opendocument.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"

IMAGE_TYPES = {PNG, JPEG, GIF, WEBP}
RESOURCE_TYPES = {PDF, ODP, ODT, PPTX, DOCX} | IMAGE_TYPES
EXTENSIONS = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    GIF: {".gif"},
    WEBP: {".webp"},
    ODP: {".odp"},
    ODT: {".odt"},
    ODS: {".ods"},
    PPTX: {".pptx"},
    DOCX: {".docx"},
    CSV: {".csv", ".txt"},
}
LABELS = {
    PDF: "PDF",
    PNG: "PNG",
    JPEG: "JPEG",
    GIF: "GIF",
    WEBP: "WebP",
    ODP: "OpenDocument (présentation)",
    ODT: "OpenDocument (texte)",
    ODS: "OpenDocument (tableur)",
    PPTX: "PowerPoint",
    DOCX: "Word",
    CSV: "CSV",
}


@dataclass(frozen=True)
class CheckedFile:
    media_type: str
    size: int
    extension: str


def _zip_type(head: bytes, upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in {ODP, ODT, ODS} else None
            if "[Content_Types].xml" in names:
                if any(name.startswith("ppt/") for name in names):
                    return PPTX
                if any(name.startswith("word/") for name in names):
                    return DOCX
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        upload.seek(0)
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def sniff(upload: UploadedFile) -> str | None:
    """The media type the content really has, from its first bytes (None when unknown)."""
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(head, upload)
    if head and _looks_like_text(head) and not head.lstrip().startswith((b"<", b"{")):
        return CSV
    return None


def _max_bytes(kind: str) -> int:
    if kind == "dataset":
        return getattr(settings, "KNOWLEDGE_MAX_DATASET_BYTES", 5 * 1024 * 1024)
    return getattr(settings, "KNOWLEDGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def check_upload(upload: UploadedFile, *, allowed: set[str], kind: str = "file") -> CheckedFile:
    """Refuse a file that is too large, of a type not allowed, or whose content contradicts its name."""
    limit = _max_bytes(kind)
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    media_type = sniff(upload)
    accepted = ", ".join(sorted({LABELS[t] for t in allowed}))
    if media_type is None or media_type not in allowed:
        raise ValidationError(
            _("This file's content is not of an accepted type. Accepted: %(accepted)s.")
            % {"accepted": accepted},
            code="bad_type",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in EXTENSIONS[media_type]:
        raise ValidationError(
            _("The file is named “%(name)s” but its content is %(kind)s. Rename it or choose the right file.")
            % {"name": upload.name, "kind": LABELS[media_type]},
            code="mismatch",
        )
    if media_type in IMAGE_TYPES:
        _check_image(upload)
    return CheckedFile(media_type=media_type, size=upload.size, extension=extension)


def _check_image(upload: UploadedFile) -> None:
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(upload.read())) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("This image is damaged or incomplete."), code="bad_image") from error
    finally:
        upload.seek(0)
