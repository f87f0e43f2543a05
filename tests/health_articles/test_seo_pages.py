"""What the page tells search engines, the SEO admin screens, and who may change what."""

import json
import re

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import override

from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

import pytest
from defusedxml import ElementTree as ET

from health_articles.models import ArticleKeyword, HealthArticlePage, Keyword, SeoSettings
from tests.conftest import url_in
from tests.health_articles.test_admin import localized

pytestmark = pytest.mark.django_db

# The host's Content-Security-Policy nonce follows the type.
JSON_LD = re.compile(r'<script type="application/ld\+json"(?: nonce="[^"]+")?>(.*?)</script>', re.S)


def json_ld(html):
    [script] = JSON_LD.findall(html)
    return json.loads(script)


def by_type(graph, type_name):
    return [node for node in graph["@graph"] if type_name in node["@type"]]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_json_ld_describes_the_article(client, demo, language):
    html = client.get(url_in(demo, language)).content.decode()
    graph = json_ld(html)
    [article] = by_type(graph, "MedicalWebPage")
    assert "Article" in article["@type"]
    with override(language):
        assert article["headline"] == demo.title
        assert article["description"] == demo.search_description
        assert article["about"]["name"] == demo.focus_keyphrase
        assert article["url"].endswith(demo.url)
    assert article["inLanguage"] == language
    assert article["datePublished"] == demo.date.isoformat()
    # The byline names the shop: the author is the organisation, not a Person.
    assert article["author"] == {"@id": by_type(graph, "Organization")[0]["@id"]}
    assert len(article["keywords"].split(", ")) == 15
    [organization] = by_type(graph, "Organization")
    assert article["publisher"] == {"@id": organization["@id"]}
    assert organization["url"] == "https://www.topvitamine.com"
    [website] = by_type(graph, "WebSite")
    assert website["inLanguage"] == ["nl", "en"]
    [breadcrumbs] = by_type(graph, "BreadcrumbList")
    assert [item["position"] for item in breadcrumbs["itemListElement"]] == [1, 2, 3]
    [faq] = by_type(graph, "FAQPage")
    # Five questions; two answers make high-severity health claims and are left out.
    assert len(faq["mainEntity"]) == 3
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"]


def test_faq_structured_data_can_be_switched_off(client, demo, site):
    settings = SeoSettings.for_site(site)
    settings.faq_structured_data = False
    settings.save()
    graph = json_ld(client.get(url_in(demo, "nl")).content.decode())
    assert by_type(graph, "FAQPage") == []


def test_editor_text_cannot_break_out_of_the_json_ld(client, demo):
    with override("nl"):
        demo.search_description = 'B12 </script><script>alert("x")</script> & <!-- tekort'
    demo.save_revision().publish()
    html = client.get(url_in(demo, "nl")).content.decode()
    [script] = JSON_LD.findall(html)
    assert "</script>" not in script and "<!--" not in script
    assert by_type(json.loads(script), "Article")[0]["description"] == (
        'B12 </script><script>alert("x")</script> & <!-- tekort'
    )
    assert '<script>alert("x")' not in html


def test_head_has_canonical_robots_and_social_tags(client, demo):
    response = client.get(url_in(demo, "en"))
    html = response.content.decode()
    absolute = f"http://localhost{url_in(demo, 'en')}"  # the Site's host, not the request's
    assert f'<link rel="canonical" href="{absolute}">' in html
    assert '<meta name="robots" content="index, follow">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{absolute}">' in html
    assert '<meta property="og:locale" content="en">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html  # the hero
    with override("en"):
        title = demo.seo_title
    assert f"<title>{title}</title>" in html


SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def sitemap(client):
    """Every URL of every section the sitemap index points at."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    urls = {}
    for section in index.findall("s:sitemap", SITEMAP_NS):
        page = client.get(section.find("s:loc", SITEMAP_NS).text)
        assert page.status_code == 200
        for url in ET.fromstring(page.content).findall("s:url", SITEMAP_NS):
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
            }
            loc = url.find("s:loc", SITEMAP_NS).text
            urls[loc] = (url.find("s:lastmod", SITEMAP_NS).text, alternates)
    return urls


def test_sitemap_lists_both_language_versions_with_reciprocal_alternates(client, demo):
    urls = sitemap(client)
    nl, en = (f"http://localhost{url_in(demo, lang)}" for lang in ("nl", "en"))
    assert nl in urls and en in urls
    assert urls[nl][1] == urls[en][1] == {"nl": nl, "en": en, "x-default": nl}
    assert urls[nl][0]  # lastmod
    assert not [loc for loc in urls if "/de/" in loc and "artikel/" in loc and loc.count("/") > 5]


def test_noindex_article_leaves_the_sitemap_and_says_noindex(client, demo):
    demo.noindex = True
    demo.save_revision().publish()
    assert not [loc for loc in sitemap(client) if "neurolog" in loc]
    html = client.get(url_in(demo, "nl")).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html


def test_robots_txt_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /admin/" in text


# --- admin: report, keywords, permissions -------------------------------------------


@pytest.fixture
def seo_user(django_user_model, demo):
    user = django_user_model.objects.create_user("seo-user", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="SEO"))
    # An English admin, so that the assertions can read the report's words.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def editor(django_user_model, demo):
    user = django_user_model.objects.create_user("editor-user", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_seo_group_can_edit_pages_but_not_publish(seo_user):
    group = Group.objects.get(name="SEO")
    codenames = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"change_page"}
    assert not seo_user.has_perm("health_articles.change_article_content")


def test_keyword_report_shows_keyphrases_and_problems(client, seo_user, demo):
    client.force_login(seo_user)
    response = client.get(reverse("health_articles_keyword_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "vitamine B12-tekort" in html and "vitamin B12 deficiency" in html
    csv = b"".join(
        client.get(reverse("health_articles_keyword_report") + "?export=csv").streaming_content
    ).decode()
    lines = csv.strip().splitlines()
    assert len(lines) == 3
    english = next(line for line in lines if ",en," in line)
    assert "meta description length" in english  # the demo's English description is too long


def test_report_highlights_cannibalisation(client, seo_user, demo, index_page):
    rival = HealthArticlePage(title="B12 en zenuwen", slug="b12-zenuwen", body=demo.body.raw_data)
    rival.focus_keyphrase = "Vitamine B12 tekort"
    index_page.add_child(instance=rival)
    rival.save_revision().publish()
    client.force_login(seo_user)
    html = client.get(reverse("health_articles_keyword_report") + "?language=nl").content.decode()
    assert html.count("⚠") == 2


def test_keyword_report_rows_take_one_query_however_many_articles(
    demo, index_page, django_assert_num_queries
):
    from health_articles.seo.report import keyword_rows

    with django_assert_num_queries(1):
        before = keyword_rows()
    for number in range(3):
        page = HealthArticlePage(
            title=f"B12 {number}", slug=f"b12-{number}", body=demo.body.raw_data
        )
        page.focus_keyphrase = "Vitamine B12 tekort"
        index_page.add_child(instance=page)
        page.save_revision().publish()
    with django_assert_num_queries(1):
        after = keyword_rows()
    assert len(after) == len(before) + 3
    assert {row.page.pk for row in after if row.title.startswith("B12 ")} == {
        page.pk for page in HealthArticlePage.objects.filter(slug__startswith="b12-")
    }


def test_keyword_listing_shows_usage_per_language(client, seo_user):
    client.force_login(seo_user)
    html = client.get(reverse("wagtailsnippets_health_articles_keyword:list")).content.decode()
    assert html.count("nl 1 · en 1 · de 0 · fr 0") == 15
    assert reverse("health_articles_merge_keywords") in html


def test_seo_user_merges_two_keywords_into_drafts(client, seo_user, demo):
    """SEO staff may not publish: the merge waits in draft revisions, live content is kept."""
    client.force_login(seo_user)
    with override("nl"):
        source = Keyword.objects.get(name="magnesium voor zenuwen")
        target = Keyword.objects.get(name="Vitamine B12-tekort")
    live_revision = demo.live_revision_id
    response = client.post(
        reverse("health_articles_merge_keywords"),
        {"source": source.pk, "target": target.pk},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert "0 articles published, 1 saved as drafts" in messages[0]
    assert "is kept because live articles still use it" in messages[1]
    assert Keyword.objects.filter(pk=source.pk).exists()
    demo.refresh_from_db()
    assert demo.live_revision_id == live_revision and demo.has_unpublished_changes
    draft = demo.get_latest_revision_as_object()
    for language in ("nl", "en"):
        with override(language):
            ids = [k.pk for k in draft.body[-1].value["keywords"]]
            live_ids = [k.pk for k in demo.body[-1].value["keywords"]]
        assert source.pk not in ids and ids.count(target.pk) == 1
        assert len(ids) == 14
        assert source.pk in live_ids
    assert demo.latest_revision.user == seo_user
    assert ArticleKeyword.objects.filter(keyword_id=source.pk).exists()


def test_merging_a_keyword_into_itself_is_refused(client, seo_user):
    client.force_login(seo_user)
    keyword = Keyword.objects.first()
    response = client.post(
        reverse("health_articles_merge_keywords"), {"source": keyword.pk, "target": keyword.pk}
    )
    assert response.status_code == 200
    assert Keyword.objects.filter(pk=keyword.pk).exists()


def edit_post(client, page, **changes):
    """POST the edit form as the admin renders it, with some fields changed."""
    data = edit_form_data(page, **changes)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), nested_form_data(data))


def edit_form_data(page, **changes):
    """The edit form's fields for `page` (nl and en; a one-section body), with `changes`."""
    data = {
        "date": "2025-10-22",
        localized("body", "de"): streamfield([]),
        localized("body", "fr"): streamfield([]),
    }
    for language in ("nl", "en"):
        with override(language):
            data[localized("title", language)] = page.title
            data[localized("slug", language)] = page.slug
            data[localized("seo_title", language)] = page.seo_title
            data[localized("search_description", language)] = page.search_description
            data[localized("focus_keyphrase", language)] = page.focus_keyphrase
            data[localized("intro", language)] = rich_text(page.intro)
            data[localized("body", language)] = streamfield(
                [
                    (
                        "section",
                        {
                            "heading": "Vervangen",
                            "text": rich_text("<p>Nieuw</p>"),
                            "image": "",
                            "caption": "",
                            "numbered": "on",
                        },
                    )
                ]
            )
    data.update(changes)
    return data


def test_seo_user_fixes_the_description_but_cannot_change_the_text(client, seo_user, demo):
    client.force_login(seo_user)
    edit_url = reverse("wagtailadmin_pages:edit", args=[demo.pk])
    before = client.get(edit_url).content.decode()
    assert 'data-check="description-length" data-status="warn"' in before

    short = (
        "Vitamin B12 deficiency can cause tingling, numbness, balance problems and memory "
        "loss. See who is at risk and how supplements help."
    )
    assert 120 <= len(short) <= 156
    response = edit_post(
        client,
        demo,
        **{localized("search_description", "en"): short, localized("title", "en"): "Hacked"},
    )
    assert response.status_code == 302
    draft = HealthArticlePage.objects.get(pk=demo.pk).get_latest_revision_as_object()
    with override("en"):
        assert draft.search_description == short
        assert draft.title == "What are the neurological symptoms of vitamin B12 deficiency?"
        assert draft.body[0].value["heading"] != "Vervangen"
        assert len(draft.body) == len(demo.body)
    after = client.get(edit_url).content.decode()
    english = after.split("seo-checks-en", 1)[1]
    assert 'data-check="description-length" data-status="pass"' in english


def test_seo_user_cannot_publish(client, seo_user, demo):
    client.force_login(seo_user)
    edit_post(client, demo, **{"action-publish": "publish", localized("seo_title", "nl"): "Nieuw"})
    live = HealthArticlePage.objects.get(pk=demo.pk)
    with override("nl"):
        assert live.seo_title != "Nieuw"


def test_editor_may_change_the_text(client, editor, demo):
    root = Page.get_first_root_node()
    group = Group.objects.get(name="Editors")
    assert GroupPagePermission.objects.filter(group=group, page=root).exists()
    client.force_login(editor)
    response = edit_post(client, demo)
    assert response.status_code == 302
    draft = HealthArticlePage.objects.get(pk=demo.pk).get_latest_revision_as_object()
    with override("nl"):
        assert draft.body[0].value["heading"] == "Vervangen"
