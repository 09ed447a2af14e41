"""Draw the demo's photographs-in-spirit: calm, muted pictures made with Pillow alone.

The demo has no photographs (nothing in it may come from another host or from someone else's
work), so its hero and journal images are drawn here: hills at dawn, a cairn of stones, two
shapes meeting, dusk over still water, rings of a tree. Each is 1600 × 900 (16:9, the crop the
home page and the cards use), lightly grained like paper, saved as WebP in
``site/demo/data/images/``. The drawing is seeded, so a re-run writes the same pictures.

    .venv/bin/python tools/demo_images.py
"""

import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZE = (1600, 900)
OUT = Path(__file__).resolve().parent.parent / "site" / "demo" / "data" / "images"


def hex_rgb(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def vertical_gradient(top, bottom, size=SIZE):
    """A top-to-bottom blend of two colours."""
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def grain(image, amount=10, seed=0):
    """Paper-like grain: soft monochrome noise (from a seeded generator) laid over the picture."""
    rng = random.Random(seed)
    width, height = image.size
    noise = Image.frombytes("L", image.size, rng.randbytes(width * height))
    noise = noise.filter(ImageFilter.GaussianBlur(0.6))
    noise = noise.point(lambda v: 128 + (v - 128) * amount // 64)
    return ImageChops.overlay(image, Image.merge("RGB", (noise, noise, noise)))


def glow(image, centre, radius, colour, blur):
    """A soft disc of light (a sun, a lamp) blended onto the picture."""
    layer = Image.new("L", image.size, 0)
    x, y = centre
    ImageDraw.Draw(layer).ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    layer = layer.filter(ImageFilter.GaussianBlur(blur))
    return Image.composite(Image.new("RGB", image.size, colour), image, layer)


def ridge(rng, base, height, waves, width=SIZE[0]):
    """A hill line: a few slow sine waves of random phase, as (x, y) points."""
    phases = [(rng.uniform(0, math.tau), rng.uniform(0.6, 1.0)) for _ in range(waves)]
    points = []
    for x in range(0, width + 8, 8):
        y = base
        for n, (phase, weight) in enumerate(phases, start=1):
            y -= height * weight * math.sin(x / width * math.pi * n * 0.9 + phase) / n
        points.append((x, y))
    return points


def hills(image, seed, layers, horizon, soften=1.5):
    """Layers of hills, paler towards the horizon (as air makes distant hills look)."""
    rng = random.Random(seed)
    width, height = image.size
    for index, colour in enumerate(layers):
        base = horizon + index * (height - horizon) / (len(layers) + 0.5)
        mask = Image.new("L", image.size, 0)
        outline = ridge(rng, base, 60 - index * 8, 3)
        ImageDraw.Draw(mask).polygon([*outline, (width, height), (0, height)], fill=255)
        mask = mask.filter(ImageFilter.GaussianBlur(soften + (len(layers) - index) * 0.6))
        image = Image.composite(Image.new("RGB", image.size, colour), image, mask)
    return image


def home_dawn():
    """Hills at dawn: sage and sand under a pale peach sky."""
    image = vertical_gradient(hex_rgb("#e9e4da"), hex_rgb("#f3d9c4"))
    image = glow(image, (1080, 470), 95, hex_rgb("#f6e7d3"), 40)
    layers = [hex_rgb(c) for c in ("#cfd3c6", "#b4bfae", "#93a592", "#6f8a78", "#4e6b5e")]
    return hills(image, seed=3, layers=layers, horizon=470)


def cairn():
    """A cairn of five smooth stones on warm paper: choosing carefully, one stone at a time."""
    image = vertical_gradient(hex_rgb("#efe9df"), hex_rgb("#e2d9ca"))
    shadow = Image.new("L", SIZE, 0)
    ImageDraw.Draw(shadow).ellipse((560, 770, 1060, 820), fill=120)
    image = Image.composite(
        Image.new("RGB", SIZE, hex_rgb("#b9ad9a")),
        image,
        shadow.filter(ImageFilter.GaussianBlur(18)),
    )
    stones = [  # centre x, bottom y, width, height, colour
        (810, 790, 420, 150, "#7d8a86"),
        (800, 650, 330, 120, "#a19a8c"),
        (815, 540, 250, 100, "#5f716f"),
        (805, 448, 180, 80, "#b7ab96"),
        (812, 376, 110, 58, "#8d8f83"),
    ]
    for cx, bottom, w, h, colour in stones:
        mask = Image.new("L", SIZE, 0)
        ImageDraw.Draw(mask).ellipse((cx - w // 2, bottom - h, cx + w // 2, bottom), fill=255)
        mask = mask.filter(ImageFilter.GaussianBlur(1.2))
        body = vertical_gradient(
            mix(hex_rgb(colour), (255, 255, 255), 0.22), mix(hex_rgb(colour), (0, 0, 0), 0.12)
        )
        image = Image.composite(body, image, mask)
    return image


def meeting():
    """Two soft shapes that overlap a little: two people meeting for the first time."""
    image = vertical_gradient(hex_rgb("#f1ece3"), hex_rgb("#e7e0d3"))
    for x, y, r, colour in ((640, 450, 250, "#c9d6cf"), (960, 470, 230, "#e6c8b2")):
        layer = Image.new("L", SIZE, 0)
        ImageDraw.Draw(layer).ellipse((x - r, y - r, x + r, y + r), fill=190)
        image = Image.composite(
            Image.new("RGB", SIZE, hex_rgb(colour)),
            image,
            layer.filter(ImageFilter.GaussianBlur(6)),
        )
    overlap = Image.new("L", SIZE, 0)
    left = Image.new("L", SIZE, 0)
    ImageDraw.Draw(left).ellipse((390, 200, 890, 700), fill=255)
    right = Image.new("L", SIZE, 0)
    ImageDraw.Draw(right).ellipse((730, 240, 1190, 700), fill=255)
    overlap = ImageChops.multiply(left, right).point(lambda v: v * 150 // 255)
    return Image.composite(
        Image.new("RGB", SIZE, hex_rgb("#b9b59c")),
        image,
        overlap.filter(ImageFilter.GaussianBlur(6)),
    )


def dusk_water():
    """Dusk over still water: a low sun, a far shore and its reflection."""
    width, height = SIZE
    horizon = 520
    image = vertical_gradient(hex_rgb("#c9cfd6"), hex_rgb("#efd2bd"))
    image = glow(image, (560, 470), 70, hex_rgb("#f7e3cf"), 30)
    shore = Image.new("L", SIZE, 0)
    outline = ridge(random.Random(11), horizon, 30, 3)
    ImageDraw.Draw(shore).polygon([*outline, (width, horizon + 2), (0, horizon + 2)], fill=255)
    image = Image.composite(
        Image.new("RGB", SIZE, hex_rgb("#8c97a0")), image, shore.filter(ImageFilter.GaussianBlur(2))
    )
    water = vertical_gradient(hex_rgb("#d9c9bd"), hex_rgb("#8f9ea5"), (width, height - horizon))
    image.paste(water, (0, horizon))
    reflection = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(reflection)
    rng = random.Random(5)
    for y in range(horizon + 12, height, 14):
        half = 140 * (1 - (y - horizon) / (height - horizon)) + rng.uniform(-20, 20)
        draw.line((560 - half, y, 560 + half, y), fill=150, width=4)
    return Image.composite(
        Image.new("RGB", SIZE, hex_rgb("#f3dcc6")),
        image,
        reflection.filter(ImageFilter.GaussianBlur(2.5)),
    )


def rings():
    """Rings of a tree, off-centre: what is carried from one generation to the next."""
    image = vertical_gradient(hex_rgb("#eadfce"), hex_rgb("#dccab3"))
    draw = ImageDraw.Draw(image)
    rng = random.Random(7)
    cx, cy = 1040, 560
    radius = 30
    palette = [hex_rgb(c) for c in ("#b88a6a", "#c9a27f", "#a97757", "#d2b391")]
    while radius < 1500:
        wobble = rng.uniform(-6, 6)
        draw.ellipse(
            (cx - radius - wobble, cy - radius * 0.92, cx + radius + wobble, cy + radius * 0.92),
            outline=palette[radius // 40 % len(palette)],
            width=rng.choice((2, 3, 5)),
        )
        radius += rng.randint(22, 46)
    return image.filter(ImageFilter.GaussianBlur(1.4))


PICTURES = {
    "home-dawn-hills.webp": home_dawn,
    "journal-cairn.webp": cairn,
    "journal-two-circles.webp": meeting,
    "journal-dusk-water.webp": dusk_water,
    "journal-tree-rings.webp": rings,
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for number, (name, draw) in enumerate(PICTURES.items()):
        picture = grain(draw(), seed=number)
        picture.save(OUT / name, "WEBP", quality=80, method=6)
        print(f"{name}: {(OUT / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
