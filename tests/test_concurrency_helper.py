"""`run_together` starts the processes' work at the same moment, however long each
takes to be ready: the race tests rely on it."""

from tests.concurrency import needs_postgresql, run_together


@needs_postgresql
def test_the_work_starts_together_when_one_process_is_ready_late():
    early = "wait_for_start()\nprint(time.time())\n"
    late = "time.sleep(1.5)\nwait_for_start()\nprint(time.time())\n"
    results = run_together(early, late)
    assert [code for code, _out, _err in results] == [0, 0], results
    first, second = (float(out) for _code, out, _err in results)
    assert abs(first - second) < 0.5
