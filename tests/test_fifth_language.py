"""A host with a fifth language (Spanish) gets its columns and a working site.

This follows README "Your own languages": the host points MIGRATION_MODULES at a
package of its own, runs `makemigrations health_articles shop_links`, and then
everything — importer, admin editor, public page, sitemap, API — works in Spanish.
The Spanish scenario runs in a child pytest under fifth_language/settings.py.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[1]


def child_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fifth_language.settings",
        "FIFTH_LANGUAGE_MIGRATIONS": str(tmp_path),
    }
    if os.environ.get("DATABASE_URL"):
        # Its own database name, so its test database never meets ours.
        url = dj_database_url.parse(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].replace(url["NAME"], url["NAME"] + "_es")
    return env


@pytest.mark.runs_long  # a child test run with its own database: run first
def test_a_spanish_site_end_to_end(tmp_path):
    package = tmp_path / "host_migrations"
    package.mkdir()
    (package / "__init__.py").touch()
    env = child_env(tmp_path)
    manage = [sys.executable, str(ROOT / "manage.py")]
    made = subprocess.run(
        [*manage, "makemigrations", "health_articles", "shop_links"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    migrations = "\n".join(p.read_text() for p in package.rglob("0*.py"))
    assert "'body_es'" in migrations and "'title_es'" in migrations
    assert "'body_fr'" in migrations  # the host's other languages stay

    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=tests.fifth_language.settings",
            "--rootdir",
            str(ROOT),
            str(ROOT / "tests" / "fifth_language" / "spanish_site.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.returncode == 0, child.stdout[-6000:] + child.stderr[-3000:]
    assert "4 passed" in child.stdout, child.stdout[-3000:]
    assert settings.LANGUAGES  # the parent run is untouched: still its own languages
