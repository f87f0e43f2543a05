"""Load the demo once per test run, then restore it from a snapshot in each test.

`load_demo` imports the article through the importer, publishes revisions, indexes
for search and makes image renditions: seconds per call. The first test that asks
for the demo loads it for real and records every table the load changed; later
tests get the same rows back by plain SQL (PostgreSQL `COPY`, SQLite `INSERT`)
inside their own transaction, so it rolls back like anything else the test writes.

The snapshot is used only when it is safe: a test in a transaction (pytest-django's
`db`, not `transactional_db`) whose changed tables are still as migrations left them.
Otherwise the demo is loaded for real, so a test never sees a different demo.
"""

from django.db import connection

SQLITE_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


class DemoSnapshot:
    def __init__(self):
        self.before = None  # {table: rows} as migrations leave the database
        self.after = None  # {table: rows} of the tables the demo changed
        self.vendor = None

    def restore_or_load(self, load):
        """Put the demo into the database: from the snapshot when safe, else `load()`."""
        if not connection.in_atomic_block:
            load()
            return
        if self.after is not None and self.vendor == connection.vendor:
            if self._untouched():
                self._restore()
                return
            load()
            return
        before = self._read(self._tables())
        load()
        after = self._read(self._tables())
        self.vendor = connection.vendor
        self.before = {table: rows for table, rows in before.items() if after[table] != rows}
        self.after = {table: after[table] for table in self.before}
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

    def _restore(self):
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, rows in self.after.items():
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
                if not rows:
                    continue
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(b"".join(rows))
                else:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    cursor.executemany(f"INSERT INTO {quote(table)} VALUES ({marks})", rows)  # noqa: S608


SNAPSHOT = DemoSnapshot()
