"""Uploaded lesson images: Pillow checks them, bounds them, shrinks them and strips metadata."""

from __future__ import annotations

import hashlib
import re
from io import BytesIO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_WIDTH = 1600
# Format Pillow reads → the file name endings allowed for it.
FORMATS = {"PNG": {"png"}, "JPEG": {"jpg", "jpeg"}, "GIF": {"gif"}, "WEBP": {"webp"}}
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*\.(?:png|jpe?g|gif|webp)$")


class ImageError(ValueError):
    pass


def check_name(name: str) -> None:
    if not NAME.match(name) or len(name) > 100:
        raise ImageError(
            _(
                "“%(name)s” is not an image name: use lower-case letters, digits and dashes, "
                "ending in .png, .jpg, .gif or .webp"
            )
            % {"name": name}
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def process_image(data: bytes, name: str) -> bytes:
    """The image ready to serve: at most MAX_WIDTH wide, no metadata; ImageError if not one."""
    check_name(name)
    if len(data) > MAX_BYTES:
        raise ImageError(
            _("The image is %(size)s MB; at most 5 MB is allowed.")
            % {"size": round(len(data) / 1024 / 1024, 1)}
        )
    try:
        with Image.open(BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(BytesIO(data))
        if image.format not in FORMATS:
            raise ImageError(_("Only PNG, JPEG, GIF and WebP images are allowed."))
        if image.width * image.height > MAX_PIXELS:
            raise ImageError(
                _("The image has %(mp)s megapixels; at most 40 are allowed.")
                % {"mp": round(image.width * image.height / 1_000_000, 1)}
            )
        if name.rsplit(".", 1)[1] not in FORMATS[image.format]:
            raise ImageError(
                _("The file is a %(format)s image but its name ends in .%(ending)s.")
                % {"format": image.format, "ending": name.rsplit(".", 1)[1]}
            )
        image_format = image.format
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ImageError(_("The file is not an image Pillow can read.")) from None
    image = ImageOps.exif_transpose(image)  # turn it upright before the EXIF data goes
    if image.width > MAX_WIDTH:
        height = max(1, round(image.height * MAX_WIDTH / image.width))
        image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    image.info = {}
    out = BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, image_format)
    return out.getvalue()
