#!/usr/bin/env python3
"""Backup and restore drill: back a database up, restore it into a new one, prove they are equal.

    scripts/backup_drill.py postgres://postgres@127.0.0.1:5432/articles
    scripts/backup_drill.py sqlite:///path/to/db.sqlite3

PostgreSQL: `pg_dump --format=custom`, then `pg_restore` into a new database
(`<name>_restore_<timestamp>` or --target, which must not exist yet;
dropped afterwards unless --keep). SQLite:
Python's online backup API (what the sqlite3 shell's `.backup` uses) into a
new file. Then, for every table of the source, the row count and a SHA-256 of
all rows (in primary-key order, as text) must be equal in the copy. Prints one
line per table and a summary; appends the summary to --results; exit code 1 on
any difference.
"""

import argparse
import datetime
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def pg_tables(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        return [row[0] for row in cursor.fetchall()]


def pg_fingerprint(connection, table):
    """(row count, sha256 of the rows as text, ordered by the row text)."""
    digest = hashlib.sha256()
    count = 0
    with connection.cursor(name=f"drill_{table}") as cursor:
        cursor.itersize = 5000
        cursor.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')  # noqa: S608 - table names from pg_tables
        for (row,) in cursor:
            digest.update(row.encode())
            digest.update(b"\n")
            count += 1
    return count, digest.hexdigest()


def drill_postgres(url, keep, target_name=None):
    import psycopg

    parts = urlsplit(url)
    source_name = parts.path.lstrip("/")
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S")
    target_name = target_name or f"{source_name}_restore_{stamp}"
    target_url = urlunsplit(parts._replace(path="/" + target_name))
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "backup.dump"
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", url],  # noqa: S607
            check=True,
        )
        dumped = time.monotonic() - started
        with psycopg.connect(admin_url, autocommit=True) as admin:
            # Never restore over a database that exists: that one may matter.
            admin.execute(f'CREATE DATABASE "{target_name}"')
        try:
            started = time.monotonic()
            subprocess.run(  # noqa: S603
                ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target_url}", dump],  # noqa: S607
                check=True,
            )
            restored = time.monotonic() - started
            size = dump.stat().st_size
            with psycopg.connect(url) as source, psycopg.connect(target_url) as target:
                tables = pg_tables(source)
                missing = set(tables) - set(pg_tables(target))
                results = [
                    (table, pg_fingerprint(source, table), pg_fingerprint(target, table))
                    if table not in missing
                    else (table, pg_fingerprint(source, table), None)
                    for table in tables
                ]
        finally:
            if not keep:
                with psycopg.connect(admin_url, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
    how = (
        f"pg_dump {size:,} bytes in {dumped:.1f} s, "
        f"pg_restore in {restored:.1f} s into {target_name}"
    )
    return results, how


def sqlite_fingerprint(connection, table):
    """(row count, sha256 of the rows as text, sorted: some tables have no rowid)."""
    digest = hashlib.sha256()
    rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))  # noqa: S608
    for row in rows:
        digest.update(row.encode())
        digest.update(b"\n")
    return len(rows), digest.hexdigest()


def copy_sqlite(source, target):
    source.backup(target)  # what the sqlite3 shell's .backup does


def drill_sqlite(path, keep):
    source_path = Path(path)
    target_path = source_path.with_name(
        f"{source_path.stem}.restore-{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S}.sqlite3"
    )
    started = time.monotonic()
    source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    copy_sqlite(source, target)
    target.close()
    copied = time.monotonic() - started
    restored = sqlite3.connect(f"{target_path.resolve().as_uri()}?mode=ro", uri=True)
    tables = [
        row[0]
        for row in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    results = [
        (table, sqlite_fingerprint(source, table), sqlite_fingerprint(restored, table))
        for table in tables
    ]
    integrity = restored.execute("PRAGMA integrity_check").fetchone()[0]
    source.close()
    restored.close()
    how = f"online backup in {copied:.1f} s into {target_path.name}, integrity_check {integrity}"
    if not keep:
        target_path.unlink()
    return results, how


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--keep", action="store_true", help="keep the restored copy")
    parser.add_argument(
        "--target", help="PostgreSQL: name of the new database (must not exist yet)"
    )
    parser.add_argument("--results", default="backup-drill-results.txt")
    args = parser.parse_args()
    if not args.url:
        parser.error("give a database URL (or set DATABASE_URL)")
    scheme = urlsplit(args.url).scheme
    if scheme.startswith("postgres"):
        results, how = drill_postgres(args.url, args.keep, args.target)
    elif scheme == "sqlite":
        # dj-database-url style: sqlite:////absolute/path or sqlite:///relative/path
        path = urlsplit(args.url).path
        path = "/" + path.lstrip("/") if path.startswith("//") else path[1:]
        results, how = drill_sqlite(path, args.keep)
    else:
        parser.error(f"unknown database type {scheme!r}")
    differences, rows = 0, 0
    for table, source, copy in results:
        same = source == copy
        differences += not same
        rows += source[0]
        state = "ok" if same else f"DIFFERENT (copy: {copy[0] if copy else 'missing'} rows)"
        print(f"  {table:<55} {source[0]:>8} rows  {source[1][:16]}  {state}")
    summary = (
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%dT%H:%M:%SZ} backup drill "
        f"({scheme}): {len(results)} tables, {rows:,} rows, "
        f"{differences} different; {how}"
    )
    print(summary)
    with open(args.results, "a", encoding="utf-8") as file:
        file.write(summary + "\n")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
