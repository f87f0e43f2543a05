"""The structural check: a nutrient or product said to have an effect on the body.

The word lists of the other checks name known claims ("boosts energy",
"protects against infections"). This check generalises: a sentence in which

- an *agent* (a nutrient the sentence talks about as a subject, or a
  supplement/product word) comes before an *effect* construction (an effect
  verb in any inflection — supports, keeps, calms, wakes up, verlaagt,
  beruhigt, apaise… — or a phrase such as "good for", "against", "for a
  healthy …", "best friend"), or follows an agent marker ("thanks to",
  "with", "dankzij", "grâce à"), and
- names a *target* on the body: health, a function, an organ, a symptom or a
  disease (matched by morphology where the language allows it: -itis, -ose,
  -pathie, Dutch and German compounds ending in -pijn, -schmerzen…)

is a claim. It is a finding unless the sentence is an authorised claim of that
nutrient: it quotes an authorised wording (by similarity) or every target it
names lies inside an authorised function of that nutrient. The vocabulary is in
the `structure` section of each `languages/<code>.json`.

Pure: no database.
"""

import re

from .vocab import STRUCTURE_PARTS

# Share of an authorised wording's words a sentence must contain to count as saying it.
CLAIM_WORDS_SHARE = 0.7
# Between an agent marker and the agent: nothing, or one short word (an article: "la", "l'", "de").
ARTICLE_GAP = re.compile(r"\s*(?:\w{1,3}(?:['’]|\s+))?")


def _spans(pattern, text):
    if pattern is None:
        return []
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def _inside(span, spans):
    return any(start <= span[0] and span[1] <= end for start, end, *_ in spans)


def _overlaps(span, spans):
    return any(span[0] < end and start < span[1] for start, end, *_ in spans)


def _words(text):
    return set(re.findall(r"\w+", text.casefold()))


def _says_claim(check, nutrient, function):
    """The sentence says the authorised claim of `nutrient` for `function`, nearly word for word.

    Most of the words of one of its authorised wordings (all but the nutrient's own
    name, which may be written differently) are in the sentence.
    """
    words = _words(check.sentence)
    for claim in check.index.by_pair.get((nutrient, function), ()):
        wording = _words(claim.wording)
        if wording and len(wording & words) / len(wording) >= CLAIM_WORDS_SHARE:
            return True
    return False


def _names_a_disease_as_agent(check, patterns, agents, first_agent):
    """Agent first, a disease or symptom after it, and no neutral verb ("contains", "is found").

    Catches effect verbs the vocabulary does not know ("B12 vertreibt Nervenschmerzen").
    """
    if not check.groups and not _spans(check.vocab.supplements, check.sentence):
        return False
    sentence = check.sentence
    if _spans(patterns.get("neutral"), sentence):
        return False
    return any(
        start > first_agent and not _overlaps((start, end), agents)
        for start, end, _ in _spans(patterns.get("disease_targets"), sentence)
    )


def effect_claim(check):
    """What the structural check finds in one `_SentenceCheck`, or None.

    Returns `(kind, severity, nutrients, suggestion, message)`; `kind` is one of
    the checker's kinds (disease_claim, paraphrase, unauthorised_function,
    general_benefit).
    """
    from .checker import (  # noqa: PLC0415 - the checker imports this module
        DISEASE_CLAIM,
        GENERAL_BENEFIT,
        HIGH,
        MEDIUM,
        PARAPHRASE,
        UNAUTHORISED_FUNCTION,
    )

    patterns = check.vocab.structure
    if not all(patterns.get(name) for name in ("effect_verbs", "targets")):
        return None
    if check.quotes_claim:
        return None
    sentence = check.sentence
    agents = [(g.start, g.end) for g in check.groups]
    agents += [(s, e) for s, e, _ in _spans(check.vocab.supplements, sentence)]
    if not agents:
        return None
    first_agent = min(start for start, _ in agents)
    effects = _spans(patterns["effect_verbs"], sentence) + _spans(
        patterns.get("effect_phrases"), sentence
    )
    effects = [e for e in effects if not _overlaps(e, agents)]
    acting = [e for e in effects if e[0] >= first_agent]
    for start, end, text in _spans(patterns.get("agent_markers"), sentence):
        # "thanks to vitamin C, …", "with K2 your arteries …": the marker touches the agent.
        if any(ARTICLE_GAP.fullmatch(sentence[end:a_start]) for a_start, _ in agents):
            acting.append((start, end, text))
    if not acting and not _names_a_disease_as_agent(check, patterns, agents, first_agent):
        return None
    acting = acting or [(first_agent, first_agent, "")]
    targets = [t for t in _spans(patterns["targets"], sentence) if not _overlaps(t, agents)]
    covered = [
        (m.start, m.end)
        for m in check.functions
        if not m.paraphrase and any(_says_claim(check, n, m.function) for n in check.nutrients)
    ]
    targets = [t for t in targets if not _inside(t, covered)]
    if not targets:
        return None
    verb = acting[0][2] or "…"
    nutrients = check.known_nutrients
    diseases = [
        t
        for t in _spans(patterns.get("disease_targets"), sentence)
        if not _overlaps(t, agents) and not _inside(t, covered)
    ]
    if diseases:
        return (
            DISEASE_CLAIM,
            HIGH,
            nutrients,
            "",
            f"'{verb}' … '{diseases[0][2]}': a food supplement or nutrient said to act on a "
            "disease, symptom or its risk (Directive 2002/46/EC Art. 6; Reg. 1924/2006 Art. 14)",
        )
    target = targets[0][2]
    if not nutrients:
        return (
            GENERAL_BENEFIT,
            MEDIUM,
            nutrients,
            "",
            f"'{verb}' … '{target}': an effect on the body claimed for a product without a "
            "specific authorised claim",
        )
    for mention in check.functions:
        for nutrient in sorted(nutrients):
            if check.index.authorised(nutrient, mention.function):
                return (
                    PARAPHRASE,
                    MEDIUM,
                    {nutrient},
                    check.index.wording(nutrient, mention.function),
                    f"'{verb}' … '{target}': not the authorised wording for {nutrient}; use it "
                    "word for word",
                )
    return (
        UNAUTHORISED_FUNCTION,
        HIGH,
        nutrients,
        "",
        f"'{verb}' … '{target}': an effect on the body that no authorised claim of "
        f"{', '.join(sorted(nutrients))} covers",
    )


__all__ = ["STRUCTURE_PARTS", "effect_claim"]
