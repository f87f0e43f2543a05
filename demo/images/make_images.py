"""Draw the demo's images with Pillow (made for this project; same licence as the code).

Run `python demo/images/make_images.py` to write them again; the PNGs are committed
so `load_demo` needs nothing but the files.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
GREEN, DARK, CREAM, AMBER = (11, 107, 79), (29, 42, 47), (246, 243, 234), (242, 169, 0)


def font(size):
    return ImageFont.load_default(size=size)


def logo():
    """The shop's logo: a green disc with a leaf and "TV"."""
    image = Image.new("RGB", (512, 512), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 16, 496, 496), fill=GREEN)
    draw.ellipse((170, 90, 342, 262), fill=AMBER)
    draw.text((256, 360), "TV", font=font(150), fill="white", anchor="mm")
    return image


def jar(colour, label):
    """A collection picture: a supplement jar in the collection's colour, on a light ground."""

    def draw_jar():
        image = Image.new("RGB", (800, 600), CREAM)
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle((290, 150, 510, 520), radius=36, fill=colour)
        draw.rounded_rectangle((310, 110, 490, 170), radius=14, fill=DARK)
        draw.rounded_rectangle((320, 260, 480, 410), radius=12, fill="white")
        draw.text((400, 335), label, font=font(64), fill=DARK, anchor="mm")
        for x, y in ((170, 440), (630, 430), (600, 200)):
            draw.ellipse((x - 28, y - 18, x + 28, y + 18), fill=colour)
        return image

    return draw_jar


def hero():
    """The article's hero (1600 × 900): a nerve with its myelin sheath and B12 molecules."""
    image = Image.new("RGB", (1600, 900), CREAM)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 600, 1600, 900), fill=(225, 236, 230))
    for y, width in ((430, 40), (455, 14)):
        draw.line([(0, y), (1600, y - 80)], fill=GREEN if width > 20 else AMBER, width=width)
    for x in range(120, 1600, 220):
        y = 430 - x * 80 // 1600
        draw.rounded_rectangle((x, y - 46, x + 160, y + 46), radius=46, outline=GREEN, width=10)
    molecules = ((260, 180, 60), (720, 140, 44), (1250, 210, 70), (1450, 690, 52), (420, 720, 40))
    for x, y, r in molecules:
        draw.regular_polygon((x, y, r), 6, fill=(214, 48, 49))
        draw.text((x, y), "B12", font=font(r // 2), fill="white", anchor="mm")
    return image


def nerve_cells():
    """Section picture (1200 × 800): nerve cells passing a signal."""
    image = Image.new("RGB", (1200, 800), (234, 242, 248))
    draw = ImageDraw.Draw(image)
    for cx, cy in ((260, 300), (640, 480), (980, 260)):
        for angle in range(0, 360, 45):
            ex = cx + 170 * math.cos(math.radians(angle))
            ey = cy + 170 * math.sin(math.radians(angle))
            draw.line([(cx, cy), (ex, ey)], fill=(52, 101, 164), width=12)
        draw.ellipse((cx - 70, cy - 70, cx + 70, cy + 70), fill=(52, 101, 164))
        draw.ellipse((cx - 28, cy - 28, cx + 28, cy + 28), fill=AMBER)
    draw.line([(330, 340), (570, 450), (910, 300)], fill=AMBER, width=8)
    return image


def b12_foods():
    """Section picture (1200 × 800): foods rich in vitamin B12 on a table."""
    image = Image.new("RGB", (1200, 800), (250, 246, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 520, 1200, 800), fill=(200, 170, 130))
    draw.ellipse((120, 330, 420, 560), fill="white")  # plate
    draw.ellipse((190, 380, 350, 500), fill=(230, 120, 100))  # salmon
    draw.ellipse((500, 360, 640, 540), fill=(255, 250, 235))  # egg
    draw.ellipse((540, 420, 600, 480), fill=AMBER)
    draw.rounded_rectangle((760, 260, 900, 560), radius=20, fill=(240, 240, 245))  # milk
    draw.polygon([(760, 260), (830, 190), (900, 260)], fill=(52, 101, 164))
    draw.polygon([(960, 560), (1120, 560), (1040, 400)], fill=(250, 210, 90))  # cheese
    return image


COLLECTIONS = {
    "magnesium-benefits-energy-muscle-bone-support": ((96, 125, 139), "Mg"),
    "dha-epa-omega-3-supplements": ((242, 169, 0), "O3"),
    "vitamin-d-benefits-sources-safety": ((230, 126, 34), "D3"),
    "vitamin-k-benefits-bone-blood-health": ((39, 174, 96), "K2"),
    "vitamin-c-benefits-immunity-antioxidant-energy": ((211, 84, 0), "C"),
}

IMAGES = {
    "logo.png": logo,
    "hero-b12-nerves.png": hero,
    "section-nerve-cells.png": nerve_cells,
    "section-b12-foods.png": b12_foods,
} | {
    f"collection-{handle}.png": jar(colour, label)
    for handle, (colour, label) in COLLECTIONS.items()
}


def main():
    for name, draw in IMAGES.items():
        path = HERE / name
        draw().save(path, optimize=True)
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
