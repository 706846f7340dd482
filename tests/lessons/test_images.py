"""Lesson images: Pillow checks, bounds, shrinks and strips them."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from lessons.images import MAX_BYTES, ImageError, process_image
from lessons.rendering import FenceError
from tests.lessons.factories import make_lesson


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    out = BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def test_a_small_png_keeps_its_size_and_loses_its_metadata() -> None:
    image = Image.new("RGBA", (120, 80), (10, 20, 30, 255))
    data = encoded(image, "PNG", pnginfo=_text_chunk())
    result = Image.open(BytesIO(process_image(data, "chart.png")))
    assert result.size == (120, 80)
    assert "Author" not in result.info


def test_a_wide_jpeg_is_shrunk_to_1600_and_turned_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    exif[0x8298] = "Copyright someone"
    data = encoded(Image.new("RGB", (1000, 4000), "white"), "JPEG", exif=exif)
    result = Image.open(BytesIO(process_image(data, "photo.jpeg")))
    assert result.size == (1600, 400)
    assert not result.getexif()


def test_processing_is_deterministic() -> None:
    data = encoded(Image.new("RGB", (2000, 500), "red"), "JPEG")
    assert process_image(data, "a.jpg") == process_image(data, "a.jpg")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n broken", "a.png", "not an image"),
        (b"x" * (MAX_BYTES + 1), "big.png", "at most 5 MB"),
        (encoded(Image.new("1", (8000, 5001)), "PNG"), "huge.png", "at most 40 are allowed"),
        (encoded(Image.new("RGB", (4, 4)), "BMP"), "a.png", "Only PNG, JPEG, GIF and WebP"),
        (encoded(Image.new("RGB", (4, 4)), "PNG"), "../../etc/passwd.png", "is not an image name"),
        (encoded(Image.new("RGB", (4, 4)), "PNG"), "a.gif", "PNG image but its name ends in .gif"),
    ],
)
def test_bad_images_are_refused_with_a_reason(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        process_image(data, name)


@pytest.mark.django_db
def test_saving_a_lesson_with_a_bad_fence_raises() -> None:
    with pytest.raises(FenceError):
        make_lesson(body="```stack\nserver >\n```\n")


def _text_chunk() -> PngInfo:
    info = PngInfo()
    info.add_text("Author", "Someone")
    return info
