"""SEO checks on an article's text in one language: plain functions on plain data.

`SeoInput` is built from a page by `seo_input(page, language)`; `run_checks`
needs no database and is tested with known inputs.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .language import detect_language
from .readability import readability

PASS, WARN, FAIL = "pass", "warn", "fail"
NOT_AVAILABLE = "n/a"  # the check has no data for this language
TITLE_MAX_CHARS = 60
TITLE_MIN_CHARS = 30
TITLE_MAX_PIXELS = 580
DESCRIPTION_MIN, DESCRIPTION_MAX = 120, 156
DENSITY_MIN, DENSITY_MAX = 0.5, 3.0

# Approximate advance widths (px) of Arial at 20 px, the font of search results.
NARROW = dict.fromkeys("ijlI|!.,:;'`", 5) | dict.fromkeys("ftr()[]-/ ", 7)
WIDE = dict.fromkeys("mwMW", 17) | dict.fromkeys("@%", 18)


def pixel_width(text):
    width = 0.0
    for char in text:
        if char in NARROW:
            width += NARROW[char]
        elif char in WIDE:
            width += WIDE[char]
        elif char.isupper():
            width += 13.3
        elif char.isdigit():
            width += 11.1
        else:
            width += 11.1 if char.isalpha() else 9
    return round(width)


@dataclass
class SeoInput:
    language: str
    keyphrase: str
    title: str
    seo_title: str
    slug: str
    description: str
    intro_html: str
    headings: list[str] = field(default_factory=list)
    body_text: str = ""
    images_without_alt: list[str] = field(default_factory=list)
    internal_links: int = 0
    collection_links: int = 0
    url: str = ""
    # The site's languages: the candidates when guessing a text's language.
    languages: tuple[str, ...] = ()

    @property
    def effective_title(self):
        return self.seo_title or self.title


@dataclass
class Check:
    id: str
    label: str
    status: str
    message: str


def normalise(text):
    return " ".join(re.findall(r"\w+", strip_tags(text or "").casefold()))


def contains(text, phrase):
    phrase = normalise(phrase)
    return bool(phrase) and f" {phrase} " in f" {normalise(text)} "


def first_paragraph(html):
    match = re.search(r"<p\b[^>]*>(.*?)</p>", html or "", re.S)
    return strip_tags(match.group(1)) if match else strip_tags(html or "")


def occurrences(text, phrase):
    phrase = normalise(phrase)
    return f" {normalise(text)} ".count(f" {phrase} ") if phrase else 0


def run_checks(data: SeoInput):
    checks = []

    def add(check_id, label, status, message):
        checks.append(Check(check_id, str(label), status, str(message)))

    phrase = data.keyphrase.strip()
    if not phrase:
        add("keyphrase", _("Focus keyphrase"), FAIL, _("Set a focus keyphrase for this language."))
    else:
        add("keyphrase", _("Focus keyphrase"), PASS, phrase)
        places = [
            ("in-title", _("Keyphrase in SEO title"), data.effective_title),
            (
                "in-intro",
                _("Keyphrase in the intro's first paragraph"),
                first_paragraph(data.intro_html),
            ),
            ("in-description", _("Keyphrase in meta description"), data.description),
        ]
        for check_id, label, text in places:
            found = contains(text, phrase)
            add(check_id, label, PASS if found else FAIL, _("Found.") if found else _("Not found."))
        in_heading = any(contains(heading, phrase) for heading in data.headings)
        add(
            "in-heading",
            _("Keyphrase in a section heading"),
            PASS if in_heading else WARN,
            _("Found.") if in_heading else _("No section heading uses it."),
        )
        slug_words = set(data.slug.split("-"))
        in_slug = set(slugify(phrase).split("-")) <= slug_words
        add(
            "in-slug",
            _("Keyphrase in slug"),
            PASS if in_slug else WARN,
            _("Found.") if in_slug else _("The slug does not contain all its words."),
        )
        words = len(normalise(data.body_text).split())
        count = occurrences(data.body_text, phrase)
        density = 100 * count * len(phrase.split()) / words if words else 0.0
        status = PASS if DENSITY_MIN <= density <= DENSITY_MAX else WARN
        add(
            "density",
            _("Keyphrase density"),
            status,
            _("%(count)s times in %(words)s words: %(density).1f%% (aim for %(low)s–%(high)s%%).")
            % {
                "count": count,
                "words": words,
                "density": density,
                "low": DENSITY_MIN,
                "high": DENSITY_MAX,
            },
        )

    title = data.effective_title
    pixels = pixel_width(title)
    if len(title) > TITLE_MAX_CHARS or pixels > TITLE_MAX_PIXELS or len(title) < TITLE_MIN_CHARS:
        status = WARN
    else:
        status = PASS
    add(
        "title-length",
        _("SEO title length"),
        status,
        _(
            "%(chars)s characters, about %(pixels)s px (aim for %(min)s–%(max)s characters, "
            "under %(max_px)s px)."
        )
        % {
            "chars": len(title),
            "pixels": pixels,
            "min": TITLE_MIN_CHARS,
            "max": TITLE_MAX_CHARS,
            "max_px": TITLE_MAX_PIXELS,
        },
    )

    for check_id, label, text in (
        ("title-language", _("SEO title language"), data.seo_title),
        ("description-language", _("Meta description language"), data.description),
    ):
        if not text.strip():
            continue
        found = detect_language(text, data.languages or (data.language,))
        if found and found != data.language:
            add(
                check_id,
                label,
                FAIL,
                _("This looks like %(found)s, not %(language)s: write it in the page's language.")
                % {"found": found.upper(), "language": data.language.upper()},
            )
        else:
            add(check_id, label, PASS, _("In the page's language."))

    length = len(data.description)
    if not length:
        status, message = FAIL, _("No meta description.")
    else:
        status = PASS if DESCRIPTION_MIN <= length <= DESCRIPTION_MAX else WARN
        message = _("%(chars)s characters (aim for %(min)s–%(max)s).") % {
            "chars": length,
            "min": DESCRIPTION_MIN,
            "max": DESCRIPTION_MAX,
        }
    add("description-length", _("Meta description length"), status, message)

    if data.images_without_alt:
        add(
            "image-alt",
            _("Images have alt text"),
            WARN,
            _("Missing alt text: %(images)s.") % {"images": ", ".join(data.images_without_alt)},
        )
    else:
        add("image-alt", _("Images have alt text"), PASS, _("All images have alt text."))

    add(
        "internal-links",
        _("Internal links"),
        PASS if data.internal_links else WARN,
        _("%(count)s links to other pages of this site.") % {"count": data.internal_links},
    )
    add(
        "collection-links",
        _("Links to shop collections"),
        PASS if data.collection_links else WARN,
        _("%(count)s links to shop collections.") % {"count": data.collection_links},
    )

    score = readability(data.body_text, data.language)
    if score is None:
        add(
            "readability",
            _("Readability"),
            NOT_AVAILABLE,
            _("Not available for this language."),
        )
        return checks
    status = PASS if score.score >= 60 else WARN if score.score >= 30 else FAIL
    add(
        "readability",
        _("Readability"),
        status,
        _(
            "%(formula)s %(score)s; %(asl)s words per sentence; "
            "%(long)s%% of sentences over 20 words."
        )
        % {
            "formula": score.formula,
            "score": score.score,
            "asl": score.average_sentence_length,
            "long": round(100 * score.long_sentence_share),
        },
    )
    return checks


def search_preview(data: SeoInput):
    """What a search result would show: title cut near 580 px, description near 156 chars."""
    title = data.effective_title
    while pixel_width(title) > TITLE_MAX_PIXELS and " " in title:
        title = title.rsplit(" ", 1)[0]
    if title != data.effective_title:
        title += " …"
    description = data.description
    if len(description) > DESCRIPTION_MAX:
        description = description[:DESCRIPTION_MAX].rsplit(" ", 1)[0] + " …"
    return {"title": title, "url": data.url, "description": description}
