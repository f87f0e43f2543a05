"""A digest of what the running release renders pages with; cached pages are kept under it.

A cached page or fragment holds the output of the templates, translations, static
files (their hashed names) and plugin code that made it, and no edit bumps its tags
when only those change. Their keys therefore include `release()`: a deploy that
changes any of them gets new keys by itself, and during a rolling deploy the app
servers of the old and the new release never serve each other's pages. The tags and
the clock stay shared by all releases, so an edit made through a server of either
release invalidates the pages of both.

What goes in: every template file of the template engines' folders and of the
installed apps, the `.mo` files of the site's languages (`LOCALE_PATHS` and the
apps'), the static files' manifest (with a manifest storage, such as whitenoise's),
and the Python files of this plugin. Each file by its path inside its folder and its
content, so app servers with the same release agree wherever it is unpacked. The
host's own Python code is not read: a host whose code changes what pages show sets
`HEALTH_ARTICLES_RELEASE` (e.g. to the git commit) on each deploy instead.

Computed once per process, on first use (about 30 ms); `gunicorn.conf.py` computes it
in the master, so forked workers start with it. Under runserver, any file change the
autoreloader reports makes it read again.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings

PLUGIN_APPS = ("health_articles", "shop_links")


@cache
def release():
    """The release's digest (16 hex characters), or `HEALTH_ARTICLES_RELEASE` when set."""
    configured = getattr(settings, "HEALTH_ARTICLES_RELEASE", "")
    if configured:
        return str(configured)
    digest = hashlib.sha256()
    for label, root, pattern in sorted(_folders(), key=lambda folder: folder[0]):
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
                digest.update(path.read_bytes())
                digest.update(b"\0")
    digest.update(_static_manifest().encode())
    return digest.hexdigest()[:16]


def forget_on_change(sender, file_path, **kwargs):
    """Django's autoreloader saw a file change (runserver): a template or translation
    edited in development is a new release, without a restart (Django reloads
    templates without one). Returns None, so the reloader still decides on restarting."""
    release.cache_clear()


def _folders():
    """(label, folder, glob pattern) of everything that goes into the digest."""
    folders = []
    for number, engine in enumerate(settings.TEMPLATES):
        for position, folder in enumerate(engine.get("DIRS", [])):
            folders.append((f"templates:{number}:{position}", Path(folder), "**/*"))
    languages = [code for code, _name in settings.LANGUAGES]
    locales = [(f"locale:{n}", Path(folder)) for n, folder in enumerate(settings.LOCALE_PATHS)]
    for config in apps.get_app_configs():
        app = Path(config.path)
        folders.append((f"app:{config.label}:templates", app / "templates", "**/*"))
        locales.append((f"app:{config.label}:locale", app / "locale"))
        if config.label in PLUGIN_APPS:
            folders.append((f"app:{config.label}:code", app, "**/*.py"))
    for label, folder in locales:
        for language in languages:
            folders.append((f"{label}:{language}", folder / language / "LC_MESSAGES", "*.mo"))
    return [folder for folder in folders if folder[1].is_dir()]


def _static_manifest():
    """The static files' manifest (their hashed names), "" without a manifest storage."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    read = getattr(staticfiles_storage, "read_manifest", None)
    return (read() or "") if read else ""
