"""Run Django code in separate processes against the test database (PostgreSQL only).

Concurrency is tested with real processes: threads in one process share
Python's locks and Django's connection handling, and SQLite serialises writers
anyway, so neither shows what two gunicorn workers or two cron jobs do.
"""

import os
import subprocess
import sys
import time
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
START_AT = float(sys.argv[1])
def wait_for_start():
    time.sleep(max(0, START_AT - time.time()))
"""


def run_together(*scripts, start_in=6.0, timeout=120):
    """Run each script in its own process; all start their work at the same moment.

    Each script gets `wait_for_start()` (call it when ready) and Django set up on
    the test database. Returns [(returncode, stdout, stderr)] in order.
    """
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    start_at = str(time.time() + start_in)
    processes = [
        subprocess.Popen(  # noqa: S603 (our own interpreter and scripts)
            [sys.executable, "-c", PRELUDE + script, start_at],
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
