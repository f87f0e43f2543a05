"""Benchmark: the keyword report (focus keyphrases, problems, cannibalisation) at scale.

Run with `make bench`. Generates 10 and 10,000 articles (every content language) on
its own SQLite database with tests/bench/generate.py, gives them focus keyphrases
drawn from a small vocabulary (so many are the same or nearly so, as on a real
shop), and times building the report's rows for all languages. Appends to
bench-results.txt. Issue 13's goal: 10,000 articles in under 2 s.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from setup import demo_database, record  # noqa: E402

WORDS = [
    "vitamine",
    "b12",
    "tekort",
    "tekorten",
    "magnesium",
    "slaap",
    "zenuwen",
    "energie",
    "vitamine d",
    "omega 3",
    "botten",
    "weerstand",
    "moeheid",
    "spieren",
    "zink",
    "ijzer",
]


def give_keyphrases(seed=7):
    from django.db import transaction

    from modeltranslation.utils import build_localized_fieldname

    from health_articles.models import HealthArticlePage
    from shop_links.i18n import content_languages

    rng = random.Random(seed)
    fields = [build_localized_fieldname("focus_keyphrase", c) for c in content_languages()]
    pages = list(HealthArticlePage.objects.only("pk", *fields))
    for page in pages:
        for name in fields:
            setattr(page, name, " ".join(rng.sample(WORDS, rng.randint(1, 3))))
    with transaction.atomic():
        HealthArticlePage.objects.bulk_update(pages, fields, batch_size=1000)


def time_report():
    from health_articles.seo.report import keyword_rows

    start = time.perf_counter()
    rows = keyword_rows()
    seconds = time.perf_counter() - start
    marked = sum(1 for row in rows if row.cannibalises)
    return seconds, len(rows), marked


def main():
    demo_database("bench-keywords-")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import generate

    results = []
    total = 0
    for size in (10, 10_000):
        generate(size - total, progress=lambda line: print(line, flush=True))
        total = size
        give_keyphrases()
        print(f"timing the keyword report at {size} articles", flush=True)
        seconds, rows, marked = time_report()
        results.append(f"{size} articles: {seconds:.2f} s ({rows} rows, {marked} cannibalising)")
    record(f"{time.strftime('%Y-%m-%d %H:%M')} keyword report (SQLite): " + "; ".join(results))


if __name__ == "__main__":
    main()
