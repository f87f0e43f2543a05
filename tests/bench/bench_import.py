"""Benchmark: import N generated articles (text format) with import_article.

Run with `make bench`. Uses its own SQLite database in a temporary folder and
appends its numbers to bench-results.txt. Not part of the test suite.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from setup import ROOT, demo_database, record  # noqa: E402


def generate(folder, count, seed=42):
    rng = random.Random(seed)
    seed_text = (ROOT / "demo" / "b12-neurologische-symptomen.nl.txt").read_text(encoding="utf-8")
    # Leave out the seed's section numbers ("2."): a line starting with one is a heading.
    words = [word for word in seed_text.split() if not word.rstrip(".").isdigit()]
    handles = [
        "magnesium-benefits-energy-muscle-bone-support",
        "dha-epa-omega-3-supplements",
        "vitamin-d-benefits-sources-safety",
        "vitamin-k-benefits-bone-blood-health",
        "vitamin-c-benefits-immunity-antioxidant-energy",
    ]

    def sentence(n=18):
        return " ".join(rng.choice(words) for _ in range(n)).replace("[", "").replace("]", "")

    def paragraph():
        link = f"[{sentence(3)}](https://www.topvitamine.com/nl/collections/{rng.choice(handles)})"
        return f"{sentence()} {link} {sentence()}."

    for number in range(count):
        lines = [
            f"Artikel {number} - Topvitamine",
            f"Artikel {number}: {sentence(6)}",
            "Oct 22, 2025Topvitamine",
        ]
        lines += ["Inleiding", paragraph(), paragraph()]
        for section in range(1, 7):
            lines += [f"{section}. {sentence(7)}", paragraph(), paragraph(), paragraph()]
        lines += ["Conclusie", paragraph(), "Q&A Sectie"]
        for q in range(1, 6):
            lines += [f"V{q}: {sentence(8)}?", f"A{q}: {sentence(25)}."]
        # Keywords are plain words: none of the seed's link markup ("](https://…").
        plain = [w for w in words if "http" not in w and "[" not in w and "]" not in w]
        keywords = {rng.choice(plain).strip(".,:;()") for _ in range(15)} - {""}
        lines += ["Belangrijke zoekwoorden", ", ".join(sorted(keywords)) + ".", "More articles"]
        (folder / f"artikel-{number:03d}.nl.txt").write_text(
            "\n\n".join(lines) + "\n", encoding="utf-8"
        )


def import_files(folder):
    from django.core.management import call_command

    start = time.perf_counter()
    # Random text from the seed makes health claims: publish them anyway (the guard runs).
    call_command(
        "import_article",
        str(folder),
        "--publish",
        "--claims-override",
        "benchmark: generated text",
        stdout=sys.stdout,
    )
    return time.perf_counter() - start


def main():
    count = int(os.environ.get("BENCH_ARTICLES", "200"))
    workdir = demo_database("bench-import-")
    from django.core.management import call_command
    from django.test.utils import override_settings

    files = workdir / "articles"
    files.mkdir()
    generate(files, count)
    size = sum(p.stat().st_size for p in files.iterdir())
    print(f"Importing {count} generated articles ({size / 1024:.0f} KiB) …", flush=True)
    # The test settings' immediate task backend: the search and reference index updates
    # run inside each file's transaction.
    elapsed = import_files(files)
    line = (
        f"{time.strftime('%Y-%m-%d %H:%M')} import_article: {count} files, {elapsed:.1f} s "
        f"({elapsed / count * 1000:.0f} ms per article, SQLite, --publish, index updates "
        "inside the import)"
    )
    record(line)

    # As a host runs it (config/settings/base.py): the index updates are tasks on the
    # database queue, enqueued when each file commits, and a worker runs them. Other
    # generated articles (their own titles and keywords) into the same database.
    queued = workdir / "queued"
    queued.mkdir()
    generate(queued, count, seed=43)
    print(f"Importing {count} more with the index updates queued …", flush=True)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        elapsed = import_files(queued)
        start = time.perf_counter()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        drained = time.perf_counter() - start
    record(
        f"{time.strftime('%Y-%m-%d %H:%M')} import_article: {count} files, {elapsed:.1f} s "
        f"({elapsed / count * 1000:.0f} ms per article, SQLite, --publish, index updates "
        f"queued); then db_worker --batch: {drained:.1f} s ({drained / count * 1000:.0f} ms "
        "per article)"
    )


if __name__ == "__main__":
    main()
