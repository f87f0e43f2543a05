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


@needs_postgresql
def test_a_failing_process_reports_its_error_and_the_test_keeps_its_connection(db):
    from django.contrib.auth.models import Group

    Group.objects.create(name="before")  # the test's own transaction, still open after
    results = run_together(
        "from django.contrib.auth.models import Group\n"
        "wait_for_start()\n"
        "print(Group.objects.filter(name='before').count())\n"  # not committed: 0
        "raise ValueError('broken on purpose')\n",
        "wait_for_start()\nsys.exit('stopped on purpose')\n",
    )
    (code, out, err), (code2, _out2, err2) = results
    assert (code, out) == (1, "0\n")
    assert "ValueError: broken on purpose" in err
    assert code2 == 1 and "stopped on purpose" in err2
    assert Group.objects.filter(name="before").count() == 1
