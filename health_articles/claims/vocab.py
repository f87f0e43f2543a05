"""Per-language vocabulary of the claims checker, read from `languages/<code>.json`.

Pattern syntax in those files: case-insensitive regular-expression fragments
that match whole words; a space matches any run of spaces or hyphens; a `*` at
the start or end of a word lets it be part of a longer word (Dutch and German
compounds, inflections). A language without a file has no vocabulary: the
checker then reports nothing and says so.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LANGUAGE_DIR = Path(__file__).resolve().parent / "languages"
FLAGS = re.IGNORECASE | re.UNICODE
WORD_START = r"(?<!\w)"


class VocabularyError(Exception):
    """A problem in a language file, with the file and the entry."""


def term_regex(term):
    """The regex source of one pattern in the files' syntax."""
    term = term.strip()
    lead, trail = term.startswith("*"), term.endswith("*")
    core = term.strip("*").strip()
    # A * inside the pattern, at the start of a word, also stands for "any word characters".
    core = re.sub(r"(?<=[ (){}?|])\*", r"\\w*", core)
    core = re.sub(r" +", r"[\\s\\-\\u2010\\u2011]+", core)
    return (r"\w*" if lead else WORD_START) + f"(?:{core})" + (r"\w*" if trail else r"(?!\w)")


def compile_terms(terms, place):
    if not terms:
        return None
    sources = []
    for term in terms:
        if not isinstance(term, str) or not term.strip():
            raise VocabularyError(f"{place}: empty or non-text pattern {term!r}")
        source = term_regex(term)
        try:
            re.compile(source, FLAGS)
        except re.error as error:
            raise VocabularyError(f"{place}: bad pattern {term!r} ({error})") from error
        sources.append(source)
    # Longest first, so "nervous system" wins over "nerves" at the same place.
    sources.sort(key=len, reverse=True)
    # Every term starts a word: a match starting inside a word would also match from the
    # word's start. One guard in front of the alternation lets the engine skip every
    # position inside a word at once instead of trying each term there (about 6x faster on
    # the long lists; the matches are the same).
    cores = [source.removeprefix(WORD_START) for source in sources]
    return re.compile(WORD_START + "(?:" + "|".join(cores) + ")", FLAGS)


@dataclass
class Vocabulary:
    language: str
    abbreviations: tuple
    vitamin_series: re.Pattern
    conjunctions: re.Pattern
    nutrients: dict  # nutrient key -> compiled pattern
    supplements: re.Pattern | None
    claim_cues: re.Pattern | None
    amplifiers: re.Pattern | None
    functions: dict  # function key -> (exact pattern or None, paraphrase pattern or None)
    general_benefits: list  # (compiled pattern, related function key or "")
    cure_strong: re.Pattern | None
    cure_weak: re.Pattern | None
    cure_exclusions: re.Pattern | None
    disease_terms: re.Pattern | None
    research: re.Pattern | None
    clinical: dict  # name -> compiled pattern or None
    context_before: re.Pattern | None = None  # "deficiency of" + nutrient: not the subject
    context_after: re.Pattern | None = None  # nutrient + "deficiency": not the subject
    # The structural check (structure.py): name -> compiled pattern or None.
    structure: dict = field(default_factory=dict)
    # "It", "this vitamin": a sentence about the nutrient of the sentence before.
    anaphora: re.Pattern | None = None
    anaphora_exclusions: re.Pattern | None = None  # "it is important to": no reference
    # The cure words that make a claim with no agent named ("can be prevented", "reversed").
    cure_implied: re.Pattern | None = None
    # Every position where some function term starts (zero-width matches): most sentences
    # have none, and then none of `functions` needs to run; where there are some, each
    # function's patterns are tried only there (one scan instead of two per function).
    function_starts: re.Pattern | None = None
    # The same for the general benefits and the nutrients.
    benefit_starts: re.Pattern | None = None
    nutrient_starts: re.Pattern | None = None


VITAMIN_LETTERS = {
    "b12": "vitamin_b12",
    "d": "vitamin_d",
    "d3": "vitamin_d",
    "d2": "vitamin_d",
    "k": "vitamin_k",
    "k1": "vitamin_k",
    "k2": "vitamin_k",
    "c": "vitamin_c",
}
STRUCTURE_PARTS = (
    "effect_verbs",
    "effect_phrases",
    "agent_markers",
    "targets",
    "disease_targets",
    "neutral",
)
LETTER = r"(?:b12|b6|b1|b2|b3|b5|b9|b11|d3|d2|d|k2|k1|k|c|e|a)(?![a-z0-9])"


def _series_regex(vitamin_word, conjunctions):
    joiner = r"(?:-?\s*(?:,|/|&|\+|" + "|".join(conjunctions) + r")\s*)"
    return re.compile(
        rf"(?<!\w)(?:{vitamin_word})[\s\-]*(?P<letters>{LETTER}(?:{joiner}{LETTER})*)",
        FLAGS,
    )


def parse_vocabulary(data, source):
    def get(name, kind=list, default=None):
        value = data.get(name, default)
        if not isinstance(value, kind):
            raise VocabularyError(f"{source}: '{name}' must be a {kind.__name__}")
        return value

    conjunction_words = [re.escape(word) for word in get("conjunctions")]
    functions = {}
    for key, entry in get("functions", dict).items():
        if not isinstance(entry, dict):
            raise VocabularyError(f"{source}: functions.{key} must have 'exact' and 'paraphrase'")
        functions[key] = (
            compile_terms(entry.get("exact", []), f"{source}, functions.{key}.exact"),
            compile_terms(entry.get("paraphrase", []), f"{source}, functions.{key}.paraphrase"),
        )
    nutrients = {
        key: compile_terms(terms, f"{source}, nutrients.{key}")
        for key, terms in get("nutrients", dict).items()
    }
    benefits = [
        (compile_terms([term], f"{source}, general_benefits"), related or "")
        for term, related in get("general_benefits", dict).items()
    ]
    clinical = {
        name: compile_terms(terms, f"{source}, clinical.{name}")
        for name, terms in get("clinical", dict).items()
    }
    return Vocabulary(
        language=get("language", str),
        abbreviations=tuple(a.lower() for a in get("abbreviations", default=[])),
        vitamin_series=_series_regex(get("vitamin_word", str), conjunction_words),
        conjunctions=re.compile(
            r"^[\s,/&+\-]*(?:(?:" + "|".join(conjunction_words) + r")[\s,\-]*)?$", FLAGS
        ),
        nutrients=nutrients,
        supplements=compile_terms(get("supplements"), f"{source}, supplements"),
        claim_cues=compile_terms(get("claim_cues"), f"{source}, claim_cues"),
        amplifiers=compile_terms(get("amplifiers"), f"{source}, amplifiers"),
        functions=functions,
        general_benefits=benefits,
        cure_strong=compile_terms(get("cure_strong"), f"{source}, cure_strong"),
        cure_weak=compile_terms(get("cure_weak"), f"{source}, cure_weak"),
        cure_exclusions=compile_terms(get("cure_exclusions"), f"{source}, cure_exclusions"),
        disease_terms=compile_terms(get("disease_terms"), f"{source}, disease_terms"),
        research=compile_terms(get("research"), f"{source}, research"),
        clinical=clinical,
        context_before=_context(
            get("context_before", default=[]), f"{source}, context_before", "$"
        ),
        context_after=_context(get("context_after", default=[]), f"{source}, context_after", "^"),
        structure={
            name: compile_terms(get("structure", dict, {}).get(name), f"{source}, structure.{name}")
            for name in STRUCTURE_PARTS
        },
        anaphora=compile_terms(get("anaphora", default=[]), f"{source}, anaphora"),
        cure_implied=compile_terms(get("cure_implied", default=[]), f"{source}, cure_implied"),
        anaphora_exclusions=compile_terms(
            get("anaphora_exclusions", default=[]), f"{source}, anaphora_exclusions"
        ),
        function_starts=_starts_of(pattern for pair in functions.values() for pattern in pair),
        benefit_starts=_starts_of(pattern for pattern, _related in benefits),
        nutrient_starts=_starts_of(nutrients.values()),
    )


def _starts_of(patterns):
    """A zero-width pattern that matches at every position where one of `patterns` can
    start a match (None when there are none): `finditer` gives them all, overlapping ones
    included, and `checker.matches_at` tries each of `patterns` only there.

    They all come from `compile_terms`, so each starts with the word-start guard: one
    guard in front of their alternation instead of one per pattern lets the engine skip
    the positions inside words at once (the same reason as in `compile_terms`).
    """
    cores = []
    for pattern in patterns:
        if pattern is None:
            continue
        if not pattern.pattern.startswith(WORD_START):
            raise ValueError(f"not a pattern from compile_terms: {pattern.pattern!r}")
        cores.append(f"(?:{pattern.pattern.removeprefix(WORD_START)})")
    return re.compile(WORD_START + "(?=" + "|".join(cores) + ")", FLAGS) if cores else None


def _context(terms, place, anchor):
    """A pattern that must touch the nutrient mention (end of the text before, start after)."""
    pattern = compile_terms(terms, place)
    if pattern is None:
        return None
    if anchor == "$":
        return re.compile(f"(?:{pattern.pattern})[\\s\\-]*$", FLAGS)
    return re.compile(f"^[\\s\\-]*(?:{pattern.pattern})", FLAGS)


def available_languages():
    return sorted(path.stem for path in LANGUAGE_DIR.glob("*.json"))


@cache
def vocabulary(language):
    """The compiled vocabulary of `language`, or None when there is no file for it."""
    code = (language or "").lower().split("-")[0]
    if not re.fullmatch(r"[a-z]{2,3}", code):
        return None
    path = LANGUAGE_DIR / f"{code}.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise VocabularyError(f"{path}, line {error.lineno}: invalid JSON ({error.msg})") from error
    return parse_vocabulary(data, str(path))


@cache
def vocabulary_digest(language):
    """A digest of `language`'s vocabulary file ("" without one): results computed with
    the vocabulary can be kept under it."""
    code = (language or "").lower().split("-")[0]
    path = LANGUAGE_DIR / f"{code}.json"
    if not re.fullmatch(r"[a-z]{2,3}", code) or not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
