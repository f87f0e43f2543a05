"""Benchmark: precision and recall of the claims checker, per language.

Run with `make bench` (`-v` lists every miss). Checks every sentence of the
labelled corpus in tests/health_articles/claims_corpus/<language>.json on its
own, then the held-out sentences in claims_corpus/holdout/ (written after the
vocabulary was last changed and never used to change it) and holdout2/
(written before the structural check was first measured on it) and holdout3/
(implied agents and pronouns, written before the rules for them), then the demo
article (nl and its en translation) as a whole against the list of sentences a
compliance reviewer flagged there (seed_flagged.json). A sentence counts as
flagged when the checker reports any finding for it. Appends the numbers to
bench-results.txt. No database is used.
"""

import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from setup import ROOT, record  # noqa: E402

CORPUS = ROOT / "tests" / "health_articles" / "claims_corpus"
SEED = {"nl": "b12-neurologische-symptomen.nl.txt", "en": "b12-neurologische-symptomen.en.txt"}


def normal(text):
    return re.sub(r"\s+", " ", text).strip().casefold()


def corpus_scores(path, language, verbose):
    from health_articles.claims.checker import check_text

    rows = json.loads(path.read_text(encoding="utf-8"))["sentences"]
    tp = fp = fn = tn = kind_hits = 0
    for row in rows:
        findings = check_text(row["text"], language).findings
        flagged = bool(findings)
        if row["compliant"]:
            fp += flagged
            tn += not flagged
            if flagged and verbose:
                print(f"  FP [{language}] {row['text']} -> {[f.kind for f in findings]}")
        else:
            tp += flagged
            fn += not flagged
            kind_hits += bool(set(row["kinds"]) & {f.kind for f in findings})
            if not flagged and verbose:
                print(f"  FN [{language}] {row['text']} (expected {row['kinds']})")
    return {
        "sentences": len(rows),
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "flagged_compliant": fp / (fp + tn) if fp + tn else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "kind": kind_hits / (tp + fn) if tp + fn else 0.0,
        "fp": fp,
        "fn": fn,
    }


def seed_scores(language, verbose):
    from health_articles.claims.checker import check_units
    from health_articles.claims.sources import article_data_units
    from health_articles.importer.service import parse_file

    listed = json.loads((CORPUS / "seed_flagged.json").read_text(encoding="utf-8"))[language]
    data = parse_file(ROOT / "demo" / SEED[language], language)
    units = article_data_units(data)
    report = check_units(units, language)
    start = time.perf_counter()
    for _ in range(5):
        check_units(units, language)
    milliseconds = (time.perf_counter() - start) / 5 * 1000
    flagged = {normal(f.sentence) for f in report.findings}
    hits = 0
    for row in listed:
        wanted = normal(row["text"])
        if any(wanted == s or wanted in s or s in wanted for s in flagged):
            hits += 1
        elif verbose:
            print(f"  seed FN [{language}] {row['text']}")
    wanted_all = [normal(row["text"]) for row in listed]
    outside = sorted(s for s in flagged if not any(w == s or w in s or s in w for w in wanted_all))
    if verbose:
        for sentence in outside:
            print(f"  seed flagged, not listed [{language}] {sentence}")
    return {
        "listed": len(listed),
        "recall": hits / len(listed),
        "outside": len(outside),
        "ms": milliseconds,
    }


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from health_articles.claims.vocab import available_languages

    verbose = "-v" in sys.argv
    start = time.perf_counter()
    parts = []
    sets = (
        (CORPUS, ""),
        (CORPUS / "holdout", "holdout "),
        (CORPUS / "holdout2", "holdout2 "),
        (CORPUS / "holdout3", "holdout3 "),
    )
    for folder, label in sets:
        for language in available_languages():
            path = folder / f"{language}.json"
            if not path.exists():
                continue
            s = corpus_scores(path, language, verbose)
            parts.append(
                f"{label}{language}: recall {s['recall']:.0%}, "
                f"compliant flagged {s['flagged_compliant']:.0%}, "
                f"precision {s['precision']:.0%}, kind right {s['kind']:.0%} "
                f"({s['sentences']} sentences)"
            )
    for language in SEED:
        s = seed_scores(language, verbose)
        parts.append(
            f"seed {language}: recall {s['recall']:.0%} of {s['listed']} listed sentences, "
            f"{s['outside']} other sentences flagged, {s['ms']:.0f} ms per check of the article"
        )
    elapsed = time.perf_counter() - start
    record(
        f"{time.strftime('%Y-%m-%d %H:%M')} claims checker ({elapsed:.1f} s): " + "; ".join(parts)
    )


if __name__ == "__main__":
    main()
