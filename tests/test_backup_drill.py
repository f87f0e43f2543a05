"""The backup drill's comparison finds a restored copy that differs (on SQLite, no server)."""

import importlib.util
import sqlite3
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "backup_drill.py"


@pytest.fixture
def drill():
    spec = importlib.util.spec_from_file_location("backup_drill", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "source.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, title TEXT)")
        connection.executemany(
            "INSERT INTO article (title) VALUES (?)", [("B12",), ("Magnesium",), ("D",)]
        )
    return path


def run(drill, monkeypatch, database, tmp_path):
    results = tmp_path / "results.txt"
    monkeypatch.setattr(
        sys, "argv", ["backup_drill.py", f"sqlite:///{database}", "--results", str(results)]
    )
    return drill.main(), results.read_text()


def test_identical_copy_passes(drill, database, tmp_path, monkeypatch):
    code, results = run(drill, monkeypatch, database, tmp_path)
    assert code == 0
    assert "1 tables, 3 rows, 0 different" in results
    assert list(tmp_path.glob("source.restore-*")) == []  # the copy is removed


@pytest.mark.parametrize(
    "tamper",
    ["DELETE FROM article WHERE id = 2", "UPDATE article SET title = 'B6' WHERE id = 1"],
)
def test_a_copy_that_differs_fails(drill, database, tmp_path, monkeypatch, tamper):
    real_copy = drill.copy_sqlite

    def copy_and_tamper(source, target):
        real_copy(source, target)
        target.execute(tamper)
        target.commit()

    monkeypatch.setattr(drill, "copy_sqlite", copy_and_tamper)
    code, results = run(drill, monkeypatch, database, tmp_path)
    assert code == 1
    assert "1 tables, 3 rows, 1 different" in results
