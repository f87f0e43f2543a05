"""The demo snapshot in a transactional test: the recorded demo, committed, and the
tables' id sequences past its rows (tests/demo_snapshot.py)."""

from django.core.management import call_command
from django.db import connection, transaction

import pytest

from health_articles.models import HealthArticlePage, Keyword
from tests.concurrency import needs_postgresql
from tests.demo_snapshot import DemoSnapshot, load_demo


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_after_a_flush_a_transactional_test_gets_the_recorded_demo():
    snapshot = DemoSnapshot()
    with transaction.atomic():  # recorded as in a test in a transaction, then rolled back
        snapshot.restore_or_load(load_demo)
        keywords = sorted(Keyword.objects.values_list("pk", flat=True))
        transaction.set_rollback(True)
    # Another transactional test's flush: the tables empty, their sequences from 1.
    call_command("flush", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('health_articles_keyword', 'id'), %s, false)",
            [keywords[0]],
        )

    snapshot.restore_or_load(lambda: pytest.fail("the demo was loaded again"))

    assert HealthArticlePage.objects.get().live
    assert sorted(Keyword.objects.values_list("pk", flat=True)) == keywords
    new = Keyword.objects.create(name="Nieuw trefwoord")
    assert new.pk > keywords[-1]
