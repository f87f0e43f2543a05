"""Load the demo once per test run, then restore it from a snapshot in each test.

`load_demo` imports the article through the importer, publishes revisions, indexes
for search and makes image renditions: seconds per call. The first test that asks
for the demo loads it for real and records every table the load changed; later
tests get the same rows back by plain SQL (PostgreSQL `COPY`, SQLite `INSERT`)
inside their own transaction, so it rolls back like anything else the test writes.

The snapshot is recorded in a test in a transaction (pytest-django's `db`) and used
only when it is safe: the tables it changes are still as migrations left them.
Otherwise the demo is loaded for real, so a test never sees a different demo. A
transactional test (after others flushed the database, and migrations' rows came
back with new ids) gets every table back as recorded, committed; the tables' id
sequences are moved past the rows.
"""

import os

from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase

SQLITE_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


def load_demo():
    """`load_demo` for real. `make demo` commits, so what its commit runs (renditions
    made on publish, search indexing) is part of the demo: the on-commit callbacks run
    here too, inside a test's transaction."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))  # noqa: SIM115


class DemoSnapshot:
    def __init__(self):
        self.before = None  # {table: rows} as migrations leave the database
        self.after = None  # {table: rows} of the tables the demo changed
        self.others = None  # {table: rows} of every other table, when it was recorded
        self.vendor = None

    def restore_or_load(self, load):
        """Put the demo into the database: from the snapshot when safe, else `load()`."""
        if self.after is not None and self.vendor == connection.vendor:
            if connection.in_atomic_block:
                if self._untouched():
                    self._restore(self.after)
                else:
                    load()
            else:
                # A transactional test, after others flushed the database and migrations'
                # rows came back with new ids: every table is put back as recorded (the
                # demo's, and any other that differs), committed, and the tables' id
                # sequences are moved past the rows. The test's flush removes them.
                current = self._read(self.others)
                tables = {**self.after}
                tables.update({t: rows for t, rows in self.others.items() if current[t] != rows})
                with transaction.atomic():
                    self._restore(tables)
                    self._advance_sequences(tables)
            return
        if not connection.in_atomic_block:
            # Not recorded here: an earlier transactional test may have emptied tables.
            load()
            return
        before = self._read(self._tables())
        load()
        after = self._read(self._tables())
        self.vendor = connection.vendor
        self.before = {table: rows for table, rows in before.items() if after[table] != rows}
        self.after = {table: after[table] for table in self.before}
        self.others = {table: rows for table, rows in after.items() if table not in self.after}
        for table in after.keys() - before.keys():  # made by the load itself: none expected
            raise RuntimeError(f"load_demo created the table {table}")

    def _untouched(self):
        return self._read(self.before) == self.before

    def _tables(self):
        with connection.cursor() as cursor:
            names = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            virtual = self._sqlite_virtual_tables()
            # Full-text tables follow their content table through Wagtail's triggers.
            shadows = {v + suffix for v in virtual for suffix in SQLITE_SHADOW_SUFFIXES}
            names = [n for n in names if n not in virtual and n not in shadows]
        return sorted(names)

    def _sqlite_virtual_tables(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
            )
            return {row[0] for row in cursor.fetchall()}

    def _read(self, tables):
        quote = connection.ops.quote_name
        rows = {}
        with connection.cursor() as cursor:
            for table in tables:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                        data = b"".join(bytes(chunk) for chunk in copy)
                    rows[table] = sorted(data.splitlines(keepends=True))
                else:
                    cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
                    rows[table] = sorted(cursor.fetchall(), key=repr)
        return rows

    def _restore(self, tables):
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, rows in tables.items():
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
                if not rows:
                    continue
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(b"".join(rows))
                else:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    cursor.executemany(f"INSERT INTO {quote(table)} VALUES ({marks})", rows)  # noqa: S608

    def _advance_sequences(self, tables):
        """Each restored table's id sequence past its highest id (PostgreSQL; SQLite's
        AUTOINCREMENT follows inserted ids by itself)."""
        if connection.vendor != "postgresql":
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    "SELECT attname, pg_get_serial_sequence(%s, attname) FROM pg_attribute "
                    "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                    [quote(table), quote(table)],
                )
                for column, sequence in cursor.fetchall():
                    if sequence:
                        cursor.execute(
                            f"SELECT setval(%s, GREATEST((SELECT COALESCE(MAX({quote(column)}), 0) "  # noqa: S608
                            f"FROM {quote(table)}), (SELECT last_value FROM {sequence})))",
                            [sequence],
                        )


SNAPSHOT = DemoSnapshot()
