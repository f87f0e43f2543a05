"""Every admin URL, for every role, GET and POST, against a table of what each role may do.

The URLs come from the URL resolver, with their parameters filled from the demo
site's real objects (the article, its index and the home page, revisions, snippets,
an image, a document, users, groups, the workflow, …), and the bulk actions from
Wagtail's registry. A URL the table does not list fails the test: a new admin view
must be classified. The table is `role_matrix.txt` beside this file; adding a role
is adding a column there (and its groups to `ROLES`).

Outcome classes:
  ok     2xx, or a redirect somewhere other than the login page or the dashboard
  login  redirect to the login page
  deny   403 / 404, or Wagtail's "permission denied" redirect to the dashboard
  bad    400 (the request got past the permission check, the empty body did not)
  405    method not allowed
  500    a crash on the empty POST (Wagtail's own views; marked in the table)

Each cell is GET/POST. Every request runs in a savepoint that is rolled back, so a
POST that deletes or publishes leaves the demo as it was for the next one.
"""

import json
import os
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.contrib.search_promotions.models import Query
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Revision, Site, Task, Workflow

import pytest

from health_articles.models import ArticleIndexPage, Author, HealthArticlePage, HealthClaim, Keyword
from shop_links.models import ShopCollection

# Users per role (anonymous has none): the groups they belong to, or superuser.
ROLES = {
    "anon": None,
    "editor": ["Editors"],
    "seo": ["SEO"],
    "reviewer": ["Medical reviewers"],
    "admin": "superuser",
}

# URLs that cannot be walked meaningfully with a logged-in test client.
SKIPPED = {
    "wagtailadmin_logout",  # ends the session of the user being tested
}

EXPECTED_TABLE = Path(__file__).with_name("role_matrix.txt")


def parse_table(text):
    lines = [line.split("#")[0].split() for line in text.strip().splitlines()]
    lines = [line for line in lines if line]
    header, rows = lines[0], lines[1:]
    roles = header[1:]
    return {row[0]: dict(zip(roles, row[1:], strict=True)) for row in rows}, roles


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


class Demo:
    """The demo site plus the objects the admin's URLs point at."""

    def __init__(self, django_user_model):
        # The demo itself comes from the `demo` fixture (loaded once, restored per test).
        self.article = HealthArticlePage.objects.get()
        self.index = ArticleIndexPage.objects.get()
        self.home = self.index.get_parent()
        self.article.save_revision()  # a draft, so there are two revisions to compare
        revisions = list(Revision.page_revisions.filter(object_id=str(self.article.pk)))
        self.revision, self.other_revision = revisions[0], revisions[-1]
        self.collection = Collection.get_first_root_node().add_child(name="Matrix")
        self.image = get_image_model().objects.create(
            title="matrix", file=get_test_image_file(), collection=self.collection
        )
        self.document = get_document_model().objects.create(
            title="matrix", file=ContentFile(b"matrix", name="matrix.txt")
        )
        self.users = {}
        for role, groups in ROLES.items():
            if groups is None:
                continue
            username = f"matrix-{role}"
            if groups == "superuser":
                user = django_user_model.objects.create_superuser(username, f"{role}@x.test", "pw")
            else:
                user = django_user_model.objects.create_user(username, password="pw")
                user.groups.set(Group.objects.filter(name__in=groups))
            self.users[role] = user
        self.query = Query.get("vitamine b12")
        self.workflow = Workflow.objects.first()
        self.task = Task.objects.first()
        self.pks = {
            "wagtailsnippets_health_articles_keyword": Keyword.objects.first().pk,
            "wagtailsnippets_health_articles_author": Author.objects.first().pk,
            "wagtailsnippets_health_articles_healthclaim": self._claim().pk,
            "wagtailsnippets_shop_links_shopcollection": ShopCollection.objects.first().pk,
            "wagtailusers_users": self.users["editor"].pk,
            "wagtailusers_groups": Group.objects.get(name="Editors").pk,
            "wagtailsites": Site.objects.get().pk,
            "wagtailadmin_workflows": self.workflow.pk,
            "wagtailadmin_collections": self.collection.pk,
            "wagtailimages": self.image.pk,
            "wagtaildocs": self.document.pk,
            "wagtailadmin_api": self.article.pk,
            "wagtailsettings": Site.objects.get().pk,
        }

    def _claim(self):
        return HealthClaim.objects.first() or HealthClaim.objects.create(
            key="b12-nerves",
            nutrient="Vitamine B12",
            function="zenuwstelsel",
            language="nl",
            wording="Vitamine B12 draagt bij tot de normale werking van het zenuwstelsel",
        )

    def page_values(self, target):
        page = {"article": self.article, "index": self.index, "home": self.home}[target]
        return {
            "page_id": page.pk,
            "page_pk": page.pk,
            "parent_page_id": page.pk,
            "page_to_move_id": page.pk,
            "destination_id": self.index.pk,
            "revision_id": self.revision.pk,
            "content_type_app_name": page.specific_class._meta.app_label,
            "content_type_model_name": page.specific_class._meta.model_name,
        }

    def values(self, name):
        namespace = name.split(":")[0]
        if namespace.startswith("wagtailsnippetchoosers_"):
            namespace = namespace.replace("wagtailsnippetchoosers_", "wagtailsnippets_")
        pk = next((v for ns, v in self.pks.items() if namespace.startswith(ns)), None)
        # The admin API's document and image views take the document's and image's pk.
        pk = {
            "wagtailadmin_api:documents": self.document.pk,
            "wagtailadmin_api:images": self.image.pk,
        }.get(name.rsplit(":", 1)[0], pk)
        snippet_model = namespace.removeprefix("wagtailsnippets_").split("_")
        if namespace == "wagtailsettings":
            return {"pk": pk, "app_name": "health_articles", "model_name": "seosettings"}
        return {
            "pk": pk,
            "object_id": pk or self.article.pk,
            "filter_spec": "original",
            "image_id": self.image.pk,
            "document_id": self.document.pk,
            "doc_id": self.document.pk,
            "uploaded_file_id": 0,
            "revision_id": Revision.objects.filter(content_type__model="keyword")
            .values_list("pk", flat=True)
            .first()
            or 0,
            "revision_id_a": self.revision.pk,
            "revision_id_b": self.other_revision.pk,
            "task_id": self.task.pk,
            "query_id": self.query.pk,
            "collection_id": self.collection.pk,
            "workflow_pk": self.workflow.pk,
            "task_state_id": 0,
            "workflow_state_id": 0,
            "session_id": 0,
            "uidb64": "x",
            "token": "x-x",
            "app_name": "wagtailcore",
            "model_name": snippet_model[-1] if len(snippet_model) > 1 else "page",
            "app_label": "wagtailcore",
            "action_name": "approve",
            "site_pk": Site.objects.get().pk,
            "content_type_app_name": "health_articles",
            "content_type_model_name": "healtharticlepage",
        }


PAGE_PARAMS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk"}
PAGE_TARGETS = ["article", "index", "home"]


def admin_urls(demo):
    """(key, url) for every admin URL pattern, pages once per page, bulk actions per action."""
    admin_prefix = reverse("wagtailadmin_home").lstrip("/")
    seen = set()
    for route, name, pattern in walk(get_resolver().url_patterns):
        if not route.startswith(admin_prefix) or name in SKIPPED:
            continue
        params = set(pattern.pattern.regex.groupindex)
        key = name or route
        if key in seen:  # one name, two routes (with and without a parameter)
            key = f"{key}({','.join(sorted(params))})"
        seen.add(key)
        if name == "wagtail_bulk_action":
            yield from bulk_urls()
            continue
        if "<" not in route and "(" not in route:
            if route.endswith("$") or "^" in route:
                yield key, "/" + admin_prefix + "no-such-view/"
            else:
                yield key, "/" + route
            continue
        on_page = name.startswith("wagtailadmin_pages:") and "pk" in params
        targets = PAGE_TARGETS if params & PAGE_PARAMS or on_page else [None]
        for target in targets:
            values = demo.values(name) | (demo.page_values(target) if target else {})
            if on_page:
                values["pk"] = values["page_id"]
            missing = params - {k for k, v in values.items() if v is not None}
            if missing:
                yield key, f"missing {sorted(missing)}: add them to Demo.values"
                continue
            url = reverse(name, kwargs={k: values[k] for k in params})
            yield (f"{key}[{target}]" if target else key), url


def bulk_urls():
    bulk_action_registry._scan_for_bulk_actions()
    for app_label, models in sorted(bulk_action_registry.actions.items()):
        for model_name, actions in sorted(models.items()):
            for action in sorted(actions):
                url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
                yield f"bulk:{app_label}.{model_name}.{action}", url


def outcome(response):
    status = response.status_code
    if 300 <= status < 400:
        target = response.url.split("?")[0]
        if target == reverse("wagtailadmin_login"):
            return "login"
        if target == reverse("wagtailadmin_home"):
            return "deny"
        return "ok"
    if status < 300:
        return "ok"
    if status in (403, 404):
        return "deny"
    if status == 400:
        return "bad"
    if status == 405:
        return "405"
    return str(status)


def request(client, method, url):
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return outcome(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))  # one column per test, so xdist spreads them
def test_role_url_matrix(demo, django_user_model, settings, role):
    settings.WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
    demo = Demo(django_user_model)
    expected, roles = parse_table(EXPECTED_TABLE.read_text())
    assert roles == list(ROLES), "role_matrix.txt's columns are the roles, in ROLES order"
    bulk_ids = {
        "wagtailcore.page": demo.article.pk,
        "wagtailimages.image": demo.image.pk,
        "wagtaildocs.document": demo.document.pk,
        "auth.user": demo.users["editor"].pk,
    }
    client = Client(raise_request_exception=False)
    if role in demo.users:
        client.force_login(demo.users[role])
    observed, problems = {}, []
    urls = list(admin_urls(demo))
    missing = [f"{key}: {url}" for key, url in urls if url.startswith("missing")]
    assert not missing, "URL parameters without a value:\n" + "\n".join(missing)
    for key, url in urls:
        if key.startswith("bulk:"):
            model = key.removeprefix("bulk:").rsplit(".", 1)[0]
            object_id = (
                bulk_ids.get(model)
                or demo.values("wagtailsnippets_" + model.replace(".", "_"))["pk"]
            )
            url = f"{url}?id={object_id}"
        if role in demo.users and "sessionid" not in client.cookies:
            client.force_login(demo.users[role])  # a request may have logged it out
        cell = "/".join(request(client, m, url) for m in ("get", "post"))
        observed[key] = cell
        if key not in expected:
            problems.append(f"not in the table (classify it): {key}  {role}: {cell}")
        elif expected[key][role] != cell:
            problems.append(f"{key}  {role}: expected {expected[key][role]}, got {cell}")
    for key in sorted(set(expected) - set(observed)):
        problems.append(f"in the table but no longer an admin URL: {key}")
    if dump := os.environ.get("ROLE_MATRIX_DUMP"):
        dump_column(dump, role, observed)
    assert not problems, f"{len(problems)} of {len(observed)} URLs differ:\n" + "\n".join(problems)


def dump_column(dump, role, observed):
    """Maintenance: each role writes its column; the last one writes the whole table to
    `dump`, to review against role_matrix.txt."""
    Path(f"{dump}.{role}").write_text(json.dumps(observed))
    columns = {r: Path(f"{dump}.{r}") for r in ROLES}
    if not all(path.exists() for path in columns.values()):
        return
    cells = {r: json.loads(path.read_text()) for r, path in columns.items()}
    with open(dump, "w") as out:
        for key in cells[role]:
            row = [f"{key:<70}", *(f"{cells[r].get(key, '?'):<10}" for r in ROLES)]
            out.write("  ".join(row) + "\n")
    for path in columns.values():
        path.unlink()
