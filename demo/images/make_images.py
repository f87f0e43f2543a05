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


IMAGES = {"logo.png": logo}


def main():
    for name, draw in IMAGES.items():
        path = HERE / name
        draw().save(path, optimize=True)
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
