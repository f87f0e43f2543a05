"""The claims checker: pure functions over the text a reader sees, one language at a time.

`check_units(units, language)` returns a `Report` of `Finding`s: sentence, block,
kind, severity, nutrient(s) and, where one exists, an authorised wording to use
instead. Claims come from the shipped data file unless the caller passes its
own (e.g. from `HealthClaim` rows). Nothing here touches the database.

Kinds (severity):
- disease_claim (high): a nutrient or supplement said to prevent, treat, cure,
  stop, reverse, heal or restore a disease, symptom or damage.
- unauthorised_function (high): a function claim that is not authorised for
  that nutrient (vitamin D and the nervous system, omega-3 and nerve membranes).
- paraphrase (medium): an authorised function worded so that the meaning
  changes ("boosts your energy", "neurological function").
- general_benefit (medium): "neurological health", "vitality"… with no
  specific authorised claim in the same or a neighbouring sentence.
- research_without_reference (medium): "studies show" with no citation.
- clinical_advice (medium; low for diagnosis): dosing, treatment instructions
  or diagnosis that need a medical reviewer.
- collection_claim_mismatch (high) and link_nutrient_mismatch (medium): only
  when the caller passes the nutrients each linked collection sells.
"""

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import repeat

from .data import shipped_claims
from .structure import effect_claim
from .text import Unit, split_sentences
from .vocab import VITAMIN_LETTERS, vocabulary

HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITY_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}

DISEASE_CLAIM = "disease_claim"
UNAUTHORISED_FUNCTION = "unauthorised_function"
PARAPHRASE = "paraphrase"
GENERAL_BENEFIT = "general_benefit"
RESEARCH = "research_without_reference"
CLINICAL = "clinical_advice"
COLLECTION_CLAIM = "collection_claim_mismatch"
LINK_NUTRIENT = "link_nutrient_mismatch"
KINDS = (
    DISEASE_CLAIM,
    UNAUTHORISED_FUNCTION,
    PARAPHRASE,
    GENERAL_BENEFIT,
    RESEARCH,
    CLINICAL,
    COLLECTION_CLAIM,
    LINK_NUTRIENT,
)

# Functions whose claim exists only in a narrower form: saying the broad one changes the meaning.
RELATED_FUNCTIONS = {
    "bones": ("collagen_bones",),
    "teeth": ("collagen_teeth",),
    "collagen_skin": ("collagen_skin",),
    "collagen": (
        "collagen_skin",
        "collagen_bones",
        "collagen_teeth",
        "collagen_gums",
        "collagen_cartilage",
        "collagen_blood_vessels",
    ),
    "triglycerides": ("triglycerides_dha",),
    "immune": ("immune_exercise",),
    "cognitive": ("psychological",),
    "memory": ("psychological",),
    "mood": ("psychological",),
    "nerve_membranes": ("nervous_system",),
    "dna_synthesis": ("cell_division",),
}
# Words that name a family of claims: fine when the nutrient has one of them.
GENERIC_FUNCTIONS = {"collagen"}
DOSE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:µg|μg|mcg|microgram\w*|mikrogramm\w*|microgramme\w*|mg|milligram\w*|"
    r"milligramm\w*|milligramme\w*|iu|ie|i\.e\.|ui|g)(?!\w)",
    re.IGNORECASE,
)
REFERENCE = re.compile(
    r"\[\d+(?:\s*[,–-]\s*\d+)*\]|\([^()]*(?:19|20)\d{2}[a-z]?\)|\bet al\b|\bdoi\b|\bpmid\b|"
    r"pubmed|https?://|www\.|\[\w+ \d{4}\]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    block: str
    sentence: str
    kind: str
    severity: str
    nutrients: tuple = ()
    suggestion: str = ""
    message: str = ""
    sentence_index: int = 0

    def as_dict(self):
        data = asdict(self)
        data["nutrients"] = list(self.nutrients)
        return data


@dataclass
class Report:
    language: str
    available: bool
    findings: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def has_high(self):
        return any(f.severity == HIGH for f in self.findings)

    def counts(self):
        counts = {}
        for finding in self.findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        return counts


@dataclass
class _Mention:
    start: int
    end: int
    nutrients: frozenset
    subject: bool = True  # False in "B12 deficiency", "lack of magnesium", "vitamin D levels"


@dataclass
class _FunctionMention:
    start: int
    end: int
    function: str
    paraphrase: bool
    text: str


def _normal(text):
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


class ClaimIndex:
    """The usable claims of one language, by nutrient and function."""

    def __init__(self, claims, language):
        self.language = language
        self.by_pair = {}
        self.by_nutrient = {}
        self.wordings = []
        self.nutrients = set()  # every nutrient with a claim row, authorised or not
        for claim in claims:
            if claim.language != language:
                continue
            self.nutrients.add(claim.nutrient)
            if not claim.usable:
                continue
            self.by_nutrient.setdefault(claim.nutrient, []).append(claim)
            if claim.function:
                self.by_pair.setdefault((claim.nutrient, claim.function), []).append(claim)
            self.wordings.append(_normal(claim.wording))

    def authorised(self, nutrient, function):
        return (nutrient, function) in self.by_pair

    def known(self, nutrient):
        return nutrient in self.nutrients

    def wording(self, nutrient, *functions):
        for function in functions:
            claims = self.by_pair.get((nutrient, function))
            if claims:
                return claims[0].wording
        return ""

    def quotes_authorised_wording(self, sentence):
        """The sentence says an authorised claim (almost) word for word."""
        normal = _normal(sentence)
        matcher = count_of = None
        for wording in self.wordings:
            if wording in normal:
                return True
            # The cheap upper bound first (real_quick_ratio, from the lengths alone): most
            # sentences are nowhere near a claim.
            if 2 * min(len(wording), len(normal)) < 0.88 * (len(wording) + len(normal)):
                continue
            if count_of is None:
                count_of = Counter(normal).get
            # SequenceMatcher.quick_ratio's bound (the characters both have, in any order),
            # from the wording's counted characters instead of a loop over each character.
            chars, numbers = _char_counts(wording)
            shared = sum(map(min, numbers, map(count_of, chars, repeat(0))))
            if 2.0 * shared / (len(wording) + len(normal)) < 0.88:
                continue
            if matcher is None:
                # One matcher per sentence: it indexes the sentence (seq2) once.
                matcher = SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(normal)
            matcher.set_seq1(wording)
            if matcher.ratio() >= 0.88:
                return True
        return False


@lru_cache(maxsize=4096)
def _char_counts(text):
    """The distinct characters of `text` and how often each occurs (two tuples)."""
    counts = Counter(text)
    return tuple(counts), tuple(counts.values())


def _spans(pattern, text):
    return [] if pattern is None else list(pattern.finditer(text))


def _first(pattern, text):
    return None if pattern is None else pattern.search(text)


def _has(pattern, text):
    return _first(pattern, text) is not None


def _starts(starts_pattern, text):
    return [] if starts_pattern is None else [m.start() for m in starts_pattern.finditer(text)]


def matches_at(pattern, text, starts):
    """`pattern.finditer(text)`, trying `pattern` only at `starts` (ascending), which must
    hold every position where it can match (a `vocab._starts_of` pattern's)."""
    if pattern is None:
        return
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match:
            yield match
            end = match.end()


def _mask(pattern, text):
    if pattern is None:
        return text
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def nutrient_mentions(vocab, text):
    """Mentions of the nutrients the vocabulary knows, grouped when coordinated ("D or C")."""
    mentions = []
    for match in vocab.vitamin_series.finditer(text):
        letters = re.findall(r"b12|b\d+|d\d?|k\d?|c|e|a", match.group("letters"), re.IGNORECASE)
        keys = {
            VITAMIN_LETTERS[letter.lower()]
            for letter in letters
            if letter.lower() in VITAMIN_LETTERS
        }
        if keys:
            mentions.append(_Mention(match.start(), match.end(), frozenset(keys)))
    covered = [(m.start, m.end) for m in mentions]
    starts = _starts(vocab.nutrient_starts, text)
    for key, pattern in vocab.nutrients.items() if starts else ():
        for match in matches_at(pattern, text, starts):
            if any(start <= match.start() < end for start, end in covered):
                continue
            mentions.append(_Mention(match.start(), match.end(), frozenset({key})))
    mentions.sort(key=lambda m: m.start)
    for mention in mentions:
        before, after = text[max(0, mention.start - 40) : mention.start], text[mention.end :]
        if (vocab.context_before and vocab.context_before.search(before)) or (
            vocab.context_after and vocab.context_after.match(after)
        ):
            mention.subject = False
    groups = []
    for mention in mentions:
        if groups and vocab.conjunctions.match(text[groups[-1].end : mention.start]):
            last = groups[-1]
            groups[-1] = _Mention(
                last.start,
                mention.end,
                last.nutrients | mention.nutrients,
                last.subject and mention.subject,
            )
        else:
            groups.append(mention)
    return groups


def function_mentions(vocab, text):
    starts = _starts(vocab.function_starts, text)
    if not starts:
        return []
    found = []
    for key, (exact, paraphrase) in vocab.functions.items():
        for pattern, is_paraphrase in ((exact, False), (paraphrase, True)):
            for match in matches_at(pattern, text, starts):
                found.append(
                    _FunctionMention(match.start(), match.end(), key, is_paraphrase, match.group(0))
                )
    # A longer mention covering a shorter one wins ("immune system" over "system").
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept = []
    for mention in found:
        if any(k.start <= mention.start and mention.end <= k.end for k in kept):
            continue
        kept.append(mention)
    return kept


def _owner(groups, position):
    """The nutrient group a function mention at `position` belongs to: the nearest before it."""
    before = [g for g in groups if g.start < position]
    if before:
        return before[-1].nutrients
    after = [g for g in groups if g.start > position]
    return after[0].nutrients if after else frozenset()


def _label(nutrients):
    return ", ".join(sorted(nutrients))


def _referred_nutrients(vocab, sentence, previous):
    """A mention standing for the previous sentence's nutrients when this sentence talks
    about them through a pronoun ("Zinc is found in meat. It protects against colds.")."""
    if previous is None or not previous.nutrients or vocab.anaphora is None:
        return []
    text = _mask(vocab.anaphora_exclusions, sentence)
    match = vocab.anaphora.search(text)
    if match is None:
        return []
    return [_Mention(match.start(), match.end(), previous.nutrients)]


class _SentenceCheck:
    def __init__(self, vocab, index, sentence, block, number, previous=None):
        self.vocab, self.index, self.sentence = vocab, index, sentence
        self.block, self.number = block, number
        # Only a nutrient the sentence talks about as an agent can carry a claim; a pronoun
        # for the nutrient of the sentence before counts as that nutrient.
        self.groups = [g for g in nutrient_mentions(vocab, sentence) if g.subject]
        if not self.groups:
            self.groups = _referred_nutrients(vocab, sentence, previous)
        self.nutrients = frozenset().union(*(g.nutrients for g in self.groups))
        self.known_nutrients = frozenset(n for n in self.nutrients if index.known(n))
        self.functions = function_mentions(vocab, sentence)
        self.has_supplement = _has(vocab.supplements, sentence)
        self.has_cue = _has(vocab.claim_cues, sentence)
        self.quotes_claim = index.quotes_authorised_wording(sentence)
        self.specific_claim = False
        self.benefits = []
        self.pending = None  # a structural finding kept back for a general benefit
        self.findings = []

    def add(self, kind, severity, nutrients=(), suggestion="", message=""):
        self.findings.append(
            Finding(
                block=self.block,
                sentence=self.sentence,
                kind=kind,
                severity=severity,
                nutrients=tuple(sorted(nutrients)),
                suggestion=suggestion,
                message=message,
                sentence_index=self.number,
            )
        )

    def run(self):
        self.disease()
        self.function_claims()
        self.research()
        self.clinical()
        self.structural()
        return self

    def structural(self):
        """Anything else that says a nutrient or product acts on the body (structure.py)."""
        if any(f.kind != RESEARCH for f in self.findings):
            return
        found = effect_claim(self)
        if found and self.benefits and found[0] != DISEASE_CLAIM:
            # A general benefit ("neurological health") is reported as such, unless a
            # neighbouring specific claim allows it (check_units decides).
            self.pending = found
        elif found:
            self.add(*found)
            self.benefits = []

    def disease(self):
        if self.quotes_claim:
            return
        text = _mask(self.vocab.cure_exclusions, self.sentence)
        # The disease terms (the longest list) only where a cure word makes them matter.
        if not (self.nutrients or self.has_supplement):
            cure = _spans(self.vocab.cure_implied, text)
            self.implied_disease_claim(cure, cure and _spans(self.vocab.disease_terms, text))
            return
        strong = _spans(self.vocab.cure_strong, text)
        weak = [] if strong else _spans(self.vocab.cure_weak, text)
        if strong or (weak and _spans(self.vocab.disease_terms, text)):
            verb = (strong or weak)[0].group(0)
            relevant = [f.function for f in self.functions]
            relevant += [r for f in relevant for r in RELATED_FUNCTIONS.get(f, ())]
            suggestion = ""
            for nutrient in sorted(self.known_nutrients):
                suggestion = self.index.wording(nutrient, *relevant) if relevant else ""
                if suggestion:
                    break
            self.add(
                DISEASE_CLAIM,
                HIGH,
                self.known_nutrients,
                suggestion,
                f"'{verb}': food supplements may not be said to prevent, treat or cure a "
                "disease, symptom or damage (Directive 2002/46/EC Art. 6)",
            )

    def implied_disease_claim(self, cure, disease):
        """A disease, symptom or damage said to be prevented, reversed or cured, with no
        agent named: in a shop's article the products sold beside it are the implied agent.
        Medium: a reviewer reads it in context. Not "treatment" (a doctor's, said of no
        product), and not when the reader is sent to a doctor."""
        if not (cure and disease) or _has(self.vocab.clinical.get("referral"), self.sentence):
            return
        self.add(
            DISEASE_CLAIM,
            MEDIUM,
            message=f"'{cure[0].group(0)}' {disease[0].group(0)}: beside the shop's supplements "
            "this reads as a claim that they prevent, treat or cure it "
            "(Directive 2002/46/EC Art. 6)",
        )

    def function_claims(self):
        if not self.known_nutrients:
            self.general_benefit_candidates()
            return
        amplified = _has(self.vocab.amplifiers, self.sentence)
        seen = set()
        for mention in self.functions if self.has_cue else ():
            owners = [n for n in _owner(self.groups, mention.start) if self.index.known(n)]
            for nutrient in owners:
                if (nutrient, mention.function) in seen:
                    continue
                seen.add((nutrient, mention.function))
                related = RELATED_FUNCTIONS.get(mention.function, ())
                generic = mention.function in GENERIC_FUNCTIONS and any(
                    self.index.authorised(nutrient, r) for r in related
                )
                if generic:
                    continue
                if self.index.authorised(nutrient, mention.function):
                    wording = self.index.wording(nutrient, mention.function)
                    if self.quotes_claim:
                        self.specific_claim = True
                    elif mention.paraphrase:
                        self.add(
                            PARAPHRASE,
                            MEDIUM,
                            {nutrient},
                            wording,
                            f"'{mention.text}' is not the authorised wording for {nutrient} "
                            "and may change its meaning",
                        )
                    elif amplified:
                        self.add(
                            PARAPHRASE,
                            MEDIUM,
                            {nutrient},
                            wording,
                            f"the authorised claim for {nutrient} says it contributes to "
                            f"normal {mention.text}, not that it improves or boosts it",
                        )
                    else:
                        self.specific_claim = True
                elif any(self.index.authorised(nutrient, r) for r in related) and (
                    mention.function not in ("cognitive", "memory", "mood", "nerve_membranes")
                ):
                    self.add(
                        PARAPHRASE,
                        MEDIUM,
                        {nutrient},
                        self.index.wording(nutrient, *related),
                        f"{nutrient} has a claim for '{mention.text}' only in a narrower form",
                    )
                else:
                    self.add(
                        UNAUTHORISED_FUNCTION,
                        HIGH,
                        {nutrient},
                        self.index.wording(nutrient, *related),
                        f"no authorised claim links {nutrient} to '{mention.text}'",
                    )
        self.general_benefit_candidates()

    def benefit_authorised(self):
        """Whether a general benefit here is one the nutrient has an authorised claim for
        ("neurological health" and vitamin B12's nervous-system claim)."""
        return any(
            related and any(self.index.authorised(n, related) for n in self.known_nutrients)
            for _term, related in self.benefits
        )

    def general_benefit_candidates(self):
        self.benefits = []
        # With no agent named, a general benefit counts when something is said to give it
        # ("make sure your body gets the support it needs for lifelong vitality").
        if not (self.nutrients or self.has_supplement or self.has_cue):
            return
        starts = _starts(self.vocab.benefit_starts, self.sentence)
        for pattern, related in self.vocab.general_benefits if starts else ():
            match = next(matches_at(pattern, self.sentence, starts), None)
            if match:
                self.benefits.append((match.group(0), related))

    def research(self):
        if _has(self.vocab.research, self.sentence) and not REFERENCE.search(self.sentence):
            self.add(
                RESEARCH,
                MEDIUM,
                self.known_nutrients,
                message="a research statement needs a reference to the study",
            )

    def clinical(self):
        patterns = self.vocab.clinical
        sentence = self.sentence
        treatment = _first(patterns.get("treatment"), sentence)
        if treatment:
            self.add(
                CLINICAL,
                MEDIUM,
                self.known_nutrients,
                message=f"'{treatment.group(0)}': treatment advice needs a medical reviewer",
            )
            return
        if (
            DOSE.search(sentence)
            and _has(patterns.get("advice"), sentence)
            and not _has(patterns.get("condition_statement"), sentence)
            and not _has(patterns.get("nrv"), sentence)
        ):
            self.add(
                CLINICAL,
                MEDIUM,
                self.known_nutrients,
                message="dosing advice needs a medical reviewer",
            )
            return
        if _has(patterns.get("diagnosis"), sentence) and not _has(
            patterns.get("referral"), sentence
        ):
            self.add(
                CLINICAL,
                LOW,
                self.known_nutrients,
                message="diagnosis belongs to a doctor; have a medical reviewer read this",
            )


def _claim_index(claims, language):
    return ClaimIndex(shipped_claims() if claims is None else claims, language)


def check_units(units, language, claims=None, collection_nutrients=None):
    """Check what a reader sees in `language`; returns a Report.

    `units` are `text.Unit`s (block label, plain text, links). `claims` are
    `data.Claim`s (default: the shipped data file). `collection_nutrients` maps a
    link's collection id to the nutrients that collection sells; when given,
    claims beside collection links and link texts are checked against it.
    """
    vocab = vocabulary(language)
    if vocab is None:
        return Report(
            language=language,
            available=False,
            notes=[f"The claims checker is not available for this language ({language})."],
        )
    index = _claim_index(claims, language)
    report = Report(language=language, available=True)
    if not index.nutrients:
        report.notes.append(f"No health claims are loaded for this language ({language}).")
    for unit in units:
        checks = []
        for number, sentence in enumerate(split_sentences(unit.text, vocab.abbreviations), 1):
            previous = checks[-1] if checks else None
            checks.append(
                _SentenceCheck(vocab, index, sentence, unit.block, number, previous).run()
            )
        for position, check in enumerate(checks):
            neighbours = checks[max(0, position - 1) : position + 2]
            if check.benefits and not any(c.specific_claim for c in neighbours):
                term, related = check.benefits[0]
                suggestion = ""
                for nutrient in sorted(check.known_nutrients):
                    suggestion = index.wording(nutrient, related) if related else ""
                    if suggestion:
                        break
                check.add(
                    GENERAL_BENEFIT,
                    MEDIUM,
                    check.known_nutrients,
                    suggestion,
                    f"'{term}' is a general benefit: allowed only next to a specific "
                    "authorised claim (Reg. 1924/2006 Art. 10(3))",
                )
            elif check.pending and not check.benefit_authorised():
                # Next to a specific claim, a general benefit the nutrient has an authorised
                # claim for is allowed (Art. 10(3)); any other effect is still reported.
                check.add(*check.pending)
            report.findings.extend(check.findings)
        if collection_nutrients:
            report.findings.extend(
                check_collection_links(unit, vocab, index, checks, collection_nutrients)
            )
    return report


def check_text(text, language, claims=None, block="text"):
    """Check one plain text (paragraphs on their own lines)."""
    return check_units([Unit(block, text)], language, claims)


def link_nutrient_problems(link_text, sold, language):
    """Nutrients the link text names that the linked collection does not sell (pure)."""
    vocab = vocabulary(language)
    if vocab is None or not sold:
        return set()
    named = frozenset().union(*(g.nutrients for g in nutrient_mentions(vocab, link_text)))
    return set(named) - set(sold)


def unmatched_collection_claims(sentence, sold, language, claims=None):
    """Functions claimed in a sentence beside a link for which none of `sold` is authorised."""
    vocab = vocabulary(language)
    if vocab is None or not sold:
        return []
    index = _claim_index(claims, language)
    return _unmatched(vocab, index, sentence, sold)


def _unmatched(vocab, index, sentence, sold):
    if not _has(vocab.claim_cues, sentence):
        return []
    unmatched = []
    for mention in function_mentions(vocab, sentence):
        if not any(index.authorised(nutrient, mention.function) for nutrient in sold):
            unmatched.append(mention.text)
    return unmatched


def check_collection_links(unit, vocab, index, checks, collection_nutrients):
    findings = []
    for link in unit.links:
        sold = collection_nutrients.get(link.collection)
        if not sold or not link.text:
            continue
        sold = frozenset(sold)
        check = next((c for c in checks if link.text in c.sentence), None)
        sentence = check.sentence if check else link.text
        number = check.number if check else 0
        extra = link_nutrient_problems(link.text, sold, vocab.language)
        if extra:
            findings.append(
                Finding(
                    block=unit.block,
                    sentence=sentence,
                    kind=LINK_NUTRIENT,
                    severity=MEDIUM,
                    nutrients=tuple(sorted(extra)),
                    message=f"the link text '{link.text}' names {_label(extra)}, which the "
                    f"linked collection does not sell (it sells {_label(sold)})",
                    sentence_index=number,
                )
            )
        unmatched = _unmatched(vocab, index, sentence, sold)
        if unmatched:
            findings.append(
                Finding(
                    block=unit.block,
                    sentence=sentence,
                    kind=COLLECTION_CLAIM,
                    severity=HIGH,
                    nutrients=tuple(sorted(sold)),
                    suggestion=next(
                        (
                            index.by_nutrient[n][0].wording
                            for n in sorted(sold)
                            if n in index.by_nutrient
                        ),
                        "",
                    ),
                    message=f"'{', '.join(unmatched)}' beside a link to a collection of "
                    f"{_label(sold)}: none of its nutrients has an authorised claim for it",
                    sentence_index=number,
                )
            )
    return findings


def sort_findings(findings):
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.block, f.sentence_index))
