"""Shared start of the benchmarks: a fresh SQLite database with the demo loaded."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench-results.txt"


def demo_database(prefix):
    """Set Django up on a new SQLite file, migrate, load the demo; return the work folder."""
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return workdir


def record(line):
    print(line)
    with open(RESULTS, "a", encoding="utf-8") as results:
        results.write(line + "\n")
