"""Run Django code in separate processes against the test database (PostgreSQL only).

Concurrency is tested with real processes: threads in one process share
Python's locks and Django's connection handling, and SQLite serialises writers
anyway, so neither shows what two gunicorn workers or two cron jobs do.
The processes are forked from the test's (Django is set up already: a new
interpreter would spend about a second on that), as gunicorn forks its workers
from a preloaded app. Each opens database connections of its own.
"""

import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from functools import partial
from pathlib import Path

from django.db import connection, connections

import pytest

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two processes need a real PostgreSQL"
)


def wait_for_start(barrier, processes):
    """Ready: then wait until every process is, so all start their work together."""
    Path(barrier, str(os.getpid())).touch()
    deadline = time.monotonic() + 60
    while len(os.listdir(barrier)) < processes:
        if time.monotonic() > deadline:
            sys.exit("the other processes were not ready within 60 s")
        time.sleep(0.01)


def run_together(*scripts, timeout=120):
    """Run each script in its own process; all start their work at the same moment.

    Each script runs on the test database with `os`, `sys`, `time` and
    `wait_for_start()`: it returns once every process has called it (a barrier), so
    the work starts together however long each process took to start. Returns
    [(returncode, stdout, stderr)] in order; a script that raises exits with 1 and
    its traceback on stderr.
    """
    with (
        tempfile.TemporaryDirectory(prefix="run-together-") as barrier,
        tempfile.TemporaryDirectory(prefix="run-together-output-") as output,
    ):
        children = []
        for number, script in enumerate(scripts):
            out, err = Path(output, f"{number}.out"), Path(output, f"{number}.err")
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(script, partial(wait_for_start, barrier, len(scripts)), out, err)
            children.append((pid, out, err))
        deadline = time.monotonic() + timeout
        results = []
        for pid, out, err in children:
            code = _wait(pid, deadline, timeout)
            results.append((code, out.read_text(), err.read_text()))
    return results


def _wait(pid, deadline, timeout):
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise subprocess.TimeoutExpired(f"run_together process {pid}", timeout)
        time.sleep(0.01)


def _child(script, wait, out, err):
    """The forked process: its own output files and database connections; never returns."""
    code = 1
    try:
        old_streams = {id(sys.stdout), id(sys.stderr), id(sys.__stdout__), id(sys.__stderr__)}
        for fd, path in ((1, out), (2, err)):
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        sys.stdout = open(1, "w", closefd=False, buffering=1)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False, buffering=1)  # noqa: SIM115
        # Log handlers writing to the test's streams write to this process's stderr.
        for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
            for handler in getattr(logger, "handlers", []):
                if isinstance(handler, logging.StreamHandler) and id(handler.stream) in (
                    old_streams
                ):
                    handler.setStream(sys.stderr)
        # The test's connections belong to the test: leave their sockets alone (closing
        # one would end the test's session); Django opens new ones on first use.
        for alias in connections:
            connections[alias].connection = None
        namespace = {"__name__": "__main__", "os": os, "sys": sys, "time": time}
        namespace["wait_for_start"] = wait
        exec(compile(script, "<run_together>", "exec"), namespace)  # noqa: S102
        code = 0
    except SystemExit as exc:
        if isinstance(exc.code, int):
            code = exc.code
        elif exc.code is not None:
            print(exc.code, file=sys.stderr)
        else:
            code = 0
    except BaseException:  # noqa: BLE001 - reported on stderr like an uncaught error
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
