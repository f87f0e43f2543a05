"""Load the demo site: pages, shop collections, the B12 article in nl + en, an admin login."""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files import File
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import override

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from health_articles.claims import guard
from health_articles.importer.service import import_file
from health_articles.models import ArticleIndexPage, ArticleSearchPage, SeoSettings
from shop_links import nutrients
from shop_links.lookup import shop_link_context
from shop_links.models import ShopCollection, ShopSettings

DEMO_DIR = Path(__file__).resolve().parents[2]
# The seed article is shown as written, so the claims checker has something to flag;
# the publish guard would keep it offline (see the page's history for this reason).
DEMO_CLAIMS_OVERRIDE = (
    "Demo content: the seed article is published as written to show the claims checker."
)
ARTICLE_FILES = [
    ("nl", "b12-neurologische-symptomen.nl.txt"),
    ("en", "b12-neurologische-symptomen.en.txt"),
]
HOME_TITLES = {"nl": "Welkom", "en": "Welcome", "de": "Willkommen", "fr": "Bienvenue"}
# SEO titles, focus keyphrases and meta descriptions. The seed's `<title>` line is
# the shop's English one, in both files: the importer keeps it, and the SEO checks
# flag it on the Dutch page, so the demo sets a Dutch one. The English description
# is too long on purpose: the SEO checks panel shows how to fix it (see the README).
ARTICLE_SEO = {
    "nl": (
        "Neurologische symptomen van een vitamine B12-tekort",
        "vitamine B12-tekort",
        "Een vitamine B12-tekort geeft vaak neurologische klachten: tintelingen, "
        "evenwichtsproblemen en geheugenverlies. Lees wie risico loopt en wat helpt.",
    ),
    "en": (
        None,  # the seed's title is English already
        "vitamin B12 deficiency",
        "Vitamin B12 deficiency can cause neurological symptoms such as tingling, numbness, "
        "balance problems, memory loss and mood changes. Learn who is at risk, how it is "
        "diagnosed and how supplements can help.",
    ),
}
# Shop blocks added to the imported article: (after section number, handle, style).
SHOP_BLOCKS = [
    (1, "vitamin-d-benefits-sources-safety", "card"),
    (3, "dha-epa-omega-3-supplements", "card"),
    (5, "magnesium-benefits-energy-muscle-bone-support", "button"),
]
# Pictures drawn for the demo (demo/images/make_images.py): section number → file, caption.
SECTION_IMAGES = {
    2: (
        "section-nerve-cells.png",
        {
            "nl": "Zenuwcellen geven signalen door; B12 houdt hun myelinelaag gezond.",
            "en": "Nerve cells pass on signals; B12 keeps their myelin sheath healthy.",
        },
    ),
    5: (
        "section-b12-foods.png",
        {
            "nl": "Vis, eieren, melk en kaas bevatten vitamine B12.",
            "en": "Fish, eggs, milk and cheese contain vitamin B12.",
        },
    ),
}
DISCLAIMER = {
    "nl": "<p><b>Let op:</b> dit artikel geeft algemene informatie en vervangt geen medisch "
    "advies. Heeft u klachten zoals tintelingen of geheugenproblemen, of wilt u supplementen "
    "gebruiken naast medicijnen? Overleg dan eerst met uw huisarts of apotheker.</p>",
    "en": "<p><b>Please note:</b> this article gives general information and does not replace "
    "medical advice. If you have symptoms such as tingling or memory problems, or want to take "
    "supplements alongside medication, talk to your doctor or pharmacist first.</p>",
}
SEARCH_PAGES = {
    "nl": ("Zoeken", "zoeken"),
    "en": ("Search", "search"),
    "de": ("Suche", "suche"),
    "fr": ("Recherche", "recherche"),
}
INDEX_PAGES = {
    "nl": ("Artikelen", "artikelen"),
    "en": ("Articles", "articles"),
    "de": ("Artikel", "artikel"),
    "fr": ("Articles", "articles"),
}


def demo_image(filename, title, alt):
    """The Wagtail image of a file in demo/images/ (created once, found by title after)."""
    image = get_image_model().objects.filter(title=title).first()
    if image is None:
        path = DEMO_DIR / "images" / filename
        # A database without Wagtail's initial data (e.g. after `flush`) has no root collection.
        collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
        image = get_image_model()(title=title, description=alt, collection=collection)
        with path.open("rb") as file:
            image.file.save(filename, File(file, name=filename), save=False)
        image.save()
    return image


class Command(BaseCommand):
    help = "Load the demo content (safe to run again: nothing is duplicated)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create or reset the admin login."
        )
        parser.add_argument(
            "--hostname",
            help="The host name the demo is served on (e.g. 127.0.0.1): every absolute URL "
            "(canonical, hreflang, sitemap, JSON-LD, API) is built from the site's host and port.",
        )
        parser.add_argument("--port", type=int, help="The port the demo is served on.")

    def handle(self, *args, **options):
        # Plain field names mean "the active language": load as the default one.
        with override(settings.LANGUAGE_CODE), transaction.atomic(), shop_link_context():
            self.load(options)

    def load(self, options):
        home = self.home_page(options["hostname"], options["port"])
        self.stdout.write("Home and article index pages … ", ending="")
        index = self.index_page(home)
        self.search_page(home)
        self.stdout.write("ok")
        collections = self.collections()
        self.stdout.write(f"Shop collections: {collections}")
        article = self.article(index)
        # The demo host opts in to the plugin's roles (an SEO group, editors' text rights).
        call_command("setup_article_roles", stdout=self.stdout)
        if not options["no_admin"]:
            self.admin_login(self.root_url)
        self.stdout.write("Open:")
        # Fresh rows: the in-memory pages may hold a stale per-language url_path.
        pages = Page.objects.filter(pk__in=[index.pk, article.pk]).order_by("depth")
        for language in ("nl", "en"):
            with override(language):
                for page in pages:
                    self.stdout.write(f"  {page.full_url}")
        self.stdout.write(f"  {self.root_url}/sitemap.xml")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: article {article.pk} in nl + en, {collections} collections."
            )
        )

    def home_page(self, hostname=None, port=None):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            # A database without Wagtail's initial data (e.g. after `flush`).
            Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
            root = Page.get_first_root_node() or Page.add_root(
                instance=Page(title="Root", slug="root")
            )
            home = root.get_children().first() or root.add_child(
                instance=Page(title=HOME_TITLES["nl"], slug="home")
            )
            site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        site.site_name = "Topvitamine"
        if hostname:
            site.hostname = hostname
        if port:
            site.port = port
        site.save()
        self.root_url = site.root_url
        home = site.root_page
        for language, title in HOME_TITLES.items():
            with override(language):
                home.title = title
                home.slug = "home"
        home.save_revision().publish()
        ShopSettings.for_site(site)  # creates the row with its defaults
        seo = SeoSettings.for_site(site)
        seo.organization_logo = demo_image("logo.png", "Topvitamine logo", "Topvitamine")
        seo.save()
        return home

    def index_page(self, home):
        index = ArticleIndexPage.objects.child_of(home).first()
        if index is None:
            index = ArticleIndexPage(title=INDEX_PAGES["nl"][0], slug=INDEX_PAGES["nl"][1])
            home.add_child(instance=index)
        for language, (title, slug) in INDEX_PAGES.items():
            with override(language):
                index.title, index.slug = title, slug
        index.save_revision().publish()
        return index

    def search_page(self, home):
        search = ArticleSearchPage.objects.child_of(home).first()
        if search is None:
            search = ArticleSearchPage(title=SEARCH_PAGES["nl"][0], slug=SEARCH_PAGES["nl"][1])
            home.add_child(instance=search)
        for language, (title, slug) in SEARCH_PAGES.items():
            with override(language):
                search.title, search.slug = title, slug
        search.save_revision().publish()
        return search

    def collections(self):
        count = 0
        for language in ("nl", "en"):
            feed = json.loads((DEMO_DIR / "shop-feed" / f"collections.{language}.json").read_text())
            for item in feed["collections"]:
                collection = ShopCollection.objects.filter(external_id=str(item["id"])).first()
                collection = collection or ShopCollection(external_id=str(item["id"]))
                with override(language):
                    collection.handle = item["handle"]
                    collection.title = item["title"]
                    collection.description = item.get("description") or ""
                collection.is_active = True
                if not collection.nutrients:  # as the feed sync suggests them
                    collection.nutrients = nutrients.suggest_for(
                        item["title"], item["handle"], language
                    )
                collection.image = demo_image(
                    f"collection-{item['handle']}.png",
                    f"Collection {item['handle']}",
                    "",  # decorative: the card's title says what it is
                )
                collection.save()
                count += language == "nl"
        return count

    def article(self, index):
        """The seed article and its English translation, through the file importer."""
        page = None
        for language, filename in ARTICLE_FILES:
            result = import_file(
                DEMO_DIR / filename,
                parent=index,
                update=True,
                publish=True,
                page=page.pk if page else None,
                claims_override=DEMO_CLAIMS_OVERRIDE,
            )
            if result.failed:
                raise CommandError(result.message)
            page = result.page
            self.stdout.write(f"  {result.status} [{language}] {DEMO_DIR / filename}")
        # A decorative hero (the headline says what it is about), drawn for the demo.
        page.hero_image = demo_image("hero-b12-nerves.png", "hero-b12-nerves", "")
        for language, _filename in ARTICLE_FILES:
            with override(language):
                page.body = self.with_shop_blocks(page.body.raw_data, language)
        for language, (seo_title, keyphrase, description) in ARTICLE_SEO.items():
            with override(language):
                page.focus_keyphrase, page.search_description = keyphrase, description
                if seo_title:
                    page.seo_title = seo_title
        problems = guard.unresolved_problems(page)
        if problems:
            guard.log_override(page, None, DEMO_CLAIMS_OVERRIDE, problems)
        page.save_revision().publish()
        return page

    def with_shop_blocks(self, raw_body, language):
        """The imported body plus pictures, product cards, a button and a medical disclaimer."""
        handles = {h: c.pk for h, c in ((c.handle, c) for c in ShopCollection.objects.all())}
        after = {number: (handles[handle], style) for number, handle, style in SHOP_BLOCKS}
        body, number = [], 0
        for block in raw_body:
            if block["type"] in ("collection_link", "callout"):
                continue  # added by an earlier run
            value = dict(block["value"])
            body.append({"type": block["type"], "value": value})
            if block["type"] == "section" and block["value"].get("numbered"):
                number += 1
                if number in SECTION_IMAGES:
                    filename, captions = SECTION_IMAGES[number]
                    value["image"] = demo_image(filename, filename.removesuffix(".png"), "").pk
                    value["caption"] = captions[language]
                if number in after:
                    collection, style = after[number]
                    body.append(
                        {
                            "type": "collection_link",
                            "value": {"collection": collection, "link_text": "", "style": style},
                        }
                    )
            if block["type"] == "section" and not block["value"].get("numbered"):
                # The conclusion: the disclaimer follows it.
                body.append(
                    {
                        "type": "callout",
                        "value": {"kind": "disclaimer", "text": DISCLAIMER[language]},
                    }
                )
        return body

    def admin_login(self, root_url):
        """An admin and an SEO specialist, each with a fresh password printed."""
        user_model = get_user_model()
        self.stdout.write("")
        self.stdout.write(self.style.WARNING(f"Admin logins: {root_url}/admin/"))
        for username, superuser in (("admin", True), ("seo", False)):
            password = secrets.token_urlsafe(9)
            user, _created = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.com"}
            )
            user.is_staff = True
            user.is_superuser = superuser
            user.set_password(password)
            user.save()
            if not superuser:
                user.groups.add(Group.objects.get(name="SEO"))
            role = "everything" if superuser else "SEO group: keywords and search settings"
            self.stdout.write(
                self.style.WARNING(f"  username: {username:<6} password: {password}   ({role})")
            )
