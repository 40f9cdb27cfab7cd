"""Upload checks for machine photos: a real JPEG, PNG or WebP image of reasonable size."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

MAX_PHOTO_BYTES = 5 * 1024 * 1024
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000


def validate_machine_photo(file) -> None:
    if file.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("This photo weighs %(size)s MB; the limit is 5 MB. Reduce it and try again.")
            % {"size": round(file.size / 1024 / 1024, 1)},
            code="photo_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Exception as error:
        raise ValidationError(
            _("This file is not an image that can be read. Send a JPEG, PNG or WebP photo."),
            code="photo_invalid",
        ) from error
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Photos must be JPEG, PNG or WebP images."), code="photo_format")
    if width * height > MAX_PIXELS:
        raise ValidationError(_("This image is too large (too many pixels)."), code="photo_pixels")
