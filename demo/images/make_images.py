"""Draw the demo's images with Pillow (made for this project; same licence as the code).

Run `python demo/images/make_images.py` to write them again; the PNGs are committed
so `load_demo` needs nothing but the files.
"""

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


COLLECTIONS = {
    "magnesium-benefits-energy-muscle-bone-support": ((96, 125, 139), "Mg"),
    "dha-epa-omega-3-supplements": ((242, 169, 0), "O3"),
    "vitamin-d-benefits-sources-safety": ((230, 126, 34), "D3"),
    "vitamin-k-benefits-bone-blood-health": ((39, 174, 96), "K2"),
    "vitamin-c-benefits-immunity-antioxidant-energy": ((211, 84, 0), "C"),
}

IMAGES = {"logo.png": logo} | {
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
