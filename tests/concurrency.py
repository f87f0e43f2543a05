"""Run Django code in separate processes against the test database (PostgreSQL only).

Concurrency is tested with real processes: threads in one process share
Python's locks and Django's connection handling, and SQLite serialises writers
anyway, so neither shows what two gunicorn workers or two cron jobs do.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.db import connection

import pytest

ROOT = Path(__file__).resolve().parents[1]

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two processes need a real PostgreSQL"
)

PRELUDE = """
import os, sys, time
import django
django.setup()
BARRIER, PROCESSES = sys.argv[1], int(sys.argv[2])
def wait_for_start():
    # Ready: then wait until every process is, so all start their work together.
    open(os.path.join(BARRIER, str(os.getpid())), "w").close()
    deadline = time.monotonic() + 60
    while len(os.listdir(BARRIER)) < PROCESSES:
        if time.monotonic() > deadline:
            sys.exit("the other processes were not ready within 60 s")
        time.sleep(0.01)
"""


def run_together(*scripts, timeout=120):
    """Run each script in its own process; all start their work at the same moment.

    Each script gets Django set up on the test database and `wait_for_start()`: it
    returns once every process has called it (a barrier), so the work starts
    together however long each process took to start. Returns
    [(returncode, stdout, stderr)] in order.
    """
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    with tempfile.TemporaryDirectory(prefix="run-together-") as barrier:
        processes = [
            subprocess.Popen(  # noqa: S603 (our own interpreter and scripts)
                [sys.executable, "-c", PRELUDE + script, barrier, str(len(scripts))],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for script in scripts
        ]
        results = []
        for process in processes:
            stdout, stderr = process.communicate(timeout=timeout)
            results.append((process.returncode, stdout, stderr))
    return results
