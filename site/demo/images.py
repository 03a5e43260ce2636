"""Pictures for the demo, drawn locally with Pillow so the demo needs no download."""

import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model


def _water_picture(seed, width=1600, height=900):
    """Layered waves over a sky-to-deep-water gradient; ``seed`` varies the palette and waves."""
    rng = random.Random(seed)  # noqa: S311 - decorative, reproducible pictures, not security
    hue_shift = rng.randint(-25, 25)
    top = (40 + hue_shift, 150 + hue_shift // 2, 210)
    bottom = (8, 50 + hue_shift // 3, 95 + hue_shift)
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    for layer in range(5):
        base = height * (0.45 + layer * 0.11)
        amplitude = rng.randint(12, 40)
        wavelength = rng.randint(260, 520)
        phase = rng.random() * math.tau
        shade = 255 - layer * 22
        points = [(x, base + amplitude * math.sin(phase + x * math.tau / wavelength)) for x in range(0, width + 20, 20)]
        points += [(width, height), (0, height)]
        overlay = PILImage.new("RGBA", (width, height), (0, 0, 0, 0))
        ImageDraw.Draw(overlay).polygon(points, fill=(shade // 3, shade // 2 + 40, shade, 70))
        picture.paste(overlay, (0, 0), overlay)
    drop_x, drop_y, size = width * rng.uniform(0.6, 0.85), height * 0.22, rng.randint(70, 120)
    draw.ellipse([drop_x - size, drop_y, drop_x + size, drop_y + 2 * size], fill=(235, 246, 252))
    draw.polygon(
        [
            (drop_x - size * 0.86, drop_y + size * 0.5),
            (drop_x, drop_y - size * 1.2),
            (drop_x + size * 0.86, drop_y + size * 0.5),
        ],
        fill=(235, 246, 252),
    )
    return picture


def demo_image(title, seed):
    """Return the demo image called ``title``, drawing and saving it the first time."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    _water_picture(seed).save(buffer, format="JPEG", quality=82)
    return image_model.objects.create(title=title, file=ImageFile(buffer, name=f"demo-{seed}.jpg"))
