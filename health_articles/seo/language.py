"""Which language a short text (an SEO title, a meta description) is written in.

Uses lingua (`lingua-language-detector`), whose language models ship inside the
package: nothing is downloaded at run time. Only the site's languages are
candidates, which makes short texts far more reliable.
"""

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

# Below these, a guess is not worth a warning: brand names, "B12", one word.
MIN_WORDS = 3
MIN_CONFIDENCE = 0.6


def _lingua_language(code):
    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _detector(codes):
    languages = [lang for lang in map(_lingua_language, codes) if lang is not None]
    if len(languages) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text, candidates):
    """The code of the candidate language `text` is written in, or None when unsure.

    None for short texts, low confidence, or candidates lingua does not know.
    """
    if len((text or "").split()) < MIN_WORDS:
        return None
    detector = _detector(tuple(sorted(candidates)))
    if detector is None:
        return None
    values = detector.compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return values[0].language.iso_code_639_1.name.lower()
