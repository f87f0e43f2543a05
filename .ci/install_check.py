"""The README's install section, followed to the letter in a fresh Wagtail site.

Builds nothing itself: give it the wheel. It makes a fresh virtualenv with only the
wheel installed (the repository is not on sys.path), runs `wagtail start`, appends
the README's settings and urls blocks, runs the README's manage.py commands on a
new PostgreSQL database (DATABASE_URL), imports the demo article in nl and en,
syncs the demo feed, then requests the pages, the API and the admin.

    python3 .ci/install_check.py dist/health_articles-X-py3-none-any.whl
"""

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTION = "## Install into an existing Wagtail site"


def run(cmd, cwd=None, env=None, capture=False):
    print("$", " ".join(shlex.quote(str(c)) for c in cmd), flush=True)
    result = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, text=True, capture_output=capture, check=False
    )
    if result.returncode != 0:
        if capture:
            print(result.stdout, result.stderr, sep="\n")
        sys.exit(f"install check: failed ({result.returncode}): {' '.join(map(str, cmd))}")
    return result.stdout if capture else ""


def readme_section():
    text = (REPO / "README.md").read_text()
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start : end if end != -1 else None]
    fences = re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)
    pip_lines = [
        line
        for lang, body in fences
        if lang == "sh"
        for line in body.splitlines()
        if line.startswith("pip install")
    ]
    python_blocks = [body for lang, body in fences if lang == "python"]
    assert len(pip_lines) == 1, pip_lines
    assert len(python_blocks) >= 2, "expected a settings block and a urls block"
    # The first "python manage.py" block of the section is the install's; later ones
    # (under "Your own languages") are for other language sets.
    first_sh = next(body for lang, body in fences if lang == "sh" and "manage.py" in body)
    commands = [line for line in first_sh.splitlines() if line.startswith("python manage.py")]
    return pip_lines[0], python_blocks[0], python_blocks[1], commands


CHECKS = textwrap.dedent(
    """
    import json
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils.translation import override
    from health_articles.models import HealthArticlePage
    from shop_links.models import ShopCollection

    page = HealthArticlePage.objects.get()
    client = Client()
    failures = []

    def expect(url, status=200, contains=None, c=client):
        response = c.get(url)
        body = response.content.decode("utf-8", "replace")
        ok = response.status_code == status and (contains is None or contains in body)
        print(f"{response.status_code} {url}" + ("" if ok else f"  <-- expected {status}"
              + (f" containing {contains!r}" if contains else "")))
        if not ok:
            failures.append(url)
        return response

    for language in ("nl", "en"):
        with override(language):
            url, title = page.get_url(), page.title
        expect(url, contains=title)
    expect("/sitemap.xml", contains="/sitemap-articles-nl.xml")
    expect("/sitemap-articles-nl.xml", contains=page.slug)
    expect("/robots.txt", contains="Sitemap:")
    handle = next(
        c.handle for c in ShopCollection.objects.filter(is_active=True)
        if expect(f"/api/v1/collections/{c.handle}/articles/?language=nl").json()["results"]
    )
    data = expect(f"/api/v1/collections/{handle}/articles/?language=en").json()
    assert any(article["id"] == page.pk for article in data["results"]), data
    expect("/api/v1/openapi.json")
    expect("/api/v1/collections/a%00b/articles/", status=400)  # the edges middleware is wired

    user = get_user_model().objects.create_superuser("installcheck", "ic@example.com", "x-pass-1")
    admin = Client()
    admin.force_login(user)
    expect("/admin/", c=admin)
    expect(f"/admin/pages/{page.pk}/edit/", contains="seo-checks", c=admin)
    expect("/admin/reports/keywords/", c=admin)
    expect("/admin/reports/broken-collection-links/", c=admin)
    expect("/admin/snippets/shop_links/shopcollection/", c=admin)
    if failures:
        raise SystemExit(f"install check: {len(failures)} requests failed: {failures}")
    print("install check: pages, API and admin answer")
    """
)


def check_wheel_contents(wheel):
    """The two apps with templates, static files, migrations and .mo files; nothing else."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    tops = {name.split("/")[0] for name in names}
    expected = {"health_articles", "shop_links", wheel.name.split("-py3")[0] + ".dist-info"}
    if tops != expected:
        sys.exit(f"install check: unexpected top-level entries in the wheel: {tops - expected}")
    for app in ("health_articles", "shop_links"):
        for part in ("templates/", "static/", "migrations/0001_initial.py", "translation.py"):
            if not any(name.startswith(f"{app}/{part}") for name in names):
                sys.exit(f"install check: the wheel has no {app}/{part}")
        for language in ("nl", "en", "de", "fr"):
            if f"{app}/locale/{language}/LC_MESSAGES/django.mo" not in names:
                sys.exit(f"install check: the wheel has no {app} .mo file for {language}")
    if any("__pycache__" in name or name.endswith(".pyc") for name in names):
        sys.exit("install check: the wheel holds compiled files")
    print(f"install check: {wheel.name}: {len(names)} files, the two apps only")


def main(wheel):
    wheel = Path(wheel).resolve()
    pip_line, settings_block, urls_block, commands = readme_section()
    python = os.environ.get("PYTHON", sys.executable)
    os.environ["DATABASE_URL"]  # noqa: B018 -- required: the host site runs on it
    check_wheel_contents(wheel)
    with tempfile.TemporaryDirectory(prefix="install-check-") as tmp:
        tmp = Path(tmp)
        run([python, "-m", "venv", tmp / "venv"])
        bin_dir = tmp / "venv" / "bin"
        constraints = tmp / "constraints.txt"  # requirements.txt without extras
        pins = (REPO / "requirements.txt").read_text()
        constraints.write_text(re.sub(r"\[[^\]]*\]", "", pins))
        env = {
            **os.environ,
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "VIRTUAL_ENV": str(tmp / "venv"),
            # The same versions CI tests with; the wheel itself only states ranges.
            "PIP_CONSTRAINT": str(constraints),
            "PYTHONPATH": "",
            "DJANGO_SETTINGS_MODULE": "",
        }
        env.pop("PYTHONPATH")
        env.pop("DJANGO_SETTINGS_MODULE")
        pip_args = shlex.split(pip_line)[2:]
        pip_args = [a.replace("health-articles", str(wheel), 1) for a in pip_args]
        run([bin_dir / "pip", "install", "--quiet", *pip_args], env=env)
        (tmp / "hostsite").mkdir()
        run([bin_dir / "wagtail", "start", "hostsite", tmp / "hostsite"], env=env)
        site = tmp / "hostsite"
        settings_file = site / "hostsite" / "settings" / "base.py"
        settings_file.write_text(settings_file.read_text() + "\n\n" + settings_block)
        urls_file = site / "hostsite" / "urls.py"
        urls_file.write_text(urls_file.read_text() + "\n\n" + urls_block)
        # The repository must not be importable from the host site.
        probe = "import health_articles, sys; print(health_articles.__file__)"
        where = run([bin_dir / "python", "-c", probe], cwd=site, env=env, capture=True)
        assert str(REPO) not in where and "site-packages" in where, where
        for command in commands:
            run([bin_dir / "python", *shlex.split(command)[1:]], cwd=site, env=env)
        manage = [bin_dir / "python", "manage.py"]
        demo = REPO / "demo"
        for language in ("nl", "en"):
            feed = demo / "shop-feed" / f"collections.{language}.json"
            run([*manage, "sync_collections", "--feed", feed, "--language", language], site, env)
        out = run(
            [
                *manage,
                "import_article",
                "--publish",
                "--claims-override",
                "Install check: the seed article as written",
                demo / "b12-neurologische-symptomen.nl.txt",
            ],
            site,
            env,
            capture=True,
        )
        print(out)
        page_id = re.search(r"-> article (\d+)", out).group(1)
        run(
            [
                *manage,
                "import_article",
                "--publish",
                "--claims-override",
                "Install check: the seed article as written",
                "--update",
                "--page",
                page_id,
                demo / "b12-neurologische-symptomen.en.txt",
            ],
            site,
            env,
        )
        run([*manage, "check"], site, env)
        run([*manage, "shell", "-c", CHECKS], site, env)
    print(json.dumps({"install_check": "passed", "wheel": wheel.name}))


if __name__ == "__main__":
    main(sys.argv[1])
