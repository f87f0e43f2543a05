"""The release digest that cached pages and fragments are kept under (release.py)."""

import shutil

import pytest

from health_articles.release import release


@pytest.fixture(autouse=True)
def fresh_release():
    """Each reading below is a new process's first (the digest is kept per process)."""
    release.cache_clear()
    yield
    release.cache_clear()


def with_template_dir(settings, engine, folder):
    """The release with `folder` in front of the template folders of `engine`."""
    settings.TEMPLATES = [{**engine, "DIRS": [folder, *engine.get("DIRS", [])]}]
    release.cache_clear()
    return release()


def test_a_changed_template_is_a_new_release_wherever_the_release_is_unpacked(settings, tmp_path):
    before, engine = release(), settings.TEMPLATES[0]
    first, second = tmp_path / "one" / "templates", tmp_path / "two" / "templates"
    (first / "shop").mkdir(parents=True)
    (first / "shop" / "banner.html").write_text("<p>Sale</p>", encoding="utf-8")
    with_first = with_template_dir(settings, engine, first)
    assert with_first != before
    shutil.copytree(first, second)
    assert with_template_dir(settings, engine, second) == with_first  # another server, same files
    (second / "shop" / "banner.html").write_text("<p>Sale!</p>", encoding="utf-8")
    assert with_template_dir(settings, engine, second) != with_first


def test_the_static_files_manifest_is_part_of_the_release(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    manifest = tmp_path / "staticfiles.json"
    manifest.write_text('{"paths": {"site.css": "site.1111.css"}, "version": "1.1"}')
    old = release()
    release.cache_clear()
    manifest.write_text('{"paths": {"site.css": "site.2222.css"}, "version": "1.1"}')
    assert release() != old


def test_a_release_named_in_the_settings_is_used_as_it_is(settings):
    settings.HEALTH_ARTICLES_RELEASE = "4f2c9e1"
    assert release() == "4f2c9e1"


def test_runserver_reading_an_edited_template_reads_a_new_release(settings, tmp_path):
    """Django's autoreloader reports a changed file (and reloads templates without a
    restart): the release is read again, so the page cache does not keep the old pages."""
    from django.utils.autoreload import file_changed

    folder = tmp_path / "templates"
    folder.mkdir()
    page = folder / "banner.html"
    page.write_text("<p>Sale</p>", encoding="utf-8")
    before = with_template_dir(settings, settings.TEMPLATES[0], folder)
    page.write_text("<p>Sale!</p>", encoding="utf-8")
    assert release() == before  # kept for the process
    file_changed.send(sender=None, file_path=page)
    assert release() != before
