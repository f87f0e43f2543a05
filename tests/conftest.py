from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import override

from wagtail.models import Site

import pytest

from health_articles.models import ArticleIndexPage, HealthArticlePage
from shop_links.models import ShopCollection

from .demo_snapshot import SNAPSHOT, load_demo

DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


@pytest.hookimpl(trylast=True)  # after pytest-django puts database tests first
def pytest_collection_modifyitems(items):
    """Long tests that need no test database run first.

    pytest-django runs the tests that use the database before those that do not,
    so a long one of the latter came last: one xdist process still ran it while the
    others had finished. First, it runs while they work through the rest.
    """

    def long_without_database(item):
        return (
            item.get_closest_marker("runs_long") is not None
            and item.get_closest_marker("django_db") is None
            and not DATABASE_FIXTURES & set(item.fixturenames)
        )

    items.sort(key=lambda item: not long_without_database(item))  # stable: the rest keep order


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached responses (sitemap.xml) and site root paths must not leak between tests."""
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language, whatever the last request activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db):
    """The demo site exactly as `make demo` loads it (loaded once, restored per test)."""
    SNAPSHOT.restore_or_load(load_demo)
    return HealthArticlePage.objects.get()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def index_page(demo):
    return ArticleIndexPage.objects.get()


@pytest.fixture
def collections(demo):
    return {c.handle: c for c in ShopCollection.objects.all()}


def url_in(page, language):
    with override(language):
        return page.url


@pytest.fixture
def english_admin():
    """The admin in English for users made after it, so assertions can read its words.

    Use with `pytestmark = pytest.mark.usefixtures("english_admin")`.
    """
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    from wagtail.users.models import UserProfile

    def english(sender, instance, **kwargs):
        profile = UserProfile.get_for_user(instance)
        if profile.preferred_language != "en":
            profile.preferred_language = "en"
            profile.save()

    post_save.connect(english, sender=get_user_model(), dispatch_uid="english-admin")
    yield
    post_save.disconnect(sender=get_user_model(), dispatch_uid="english-admin")
