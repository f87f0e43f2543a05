"""The claims panel follows the editor's preview, before anything is saved."""

from django.urls import reverse
from django.utils.translation import override

from wagtail.test.utils.form_data import nested_form_data, rich_text

import pytest

from tests.health_articles.test_admin import localized
from tests.health_articles.test_seo_pages import edit_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

CLAIM = "Magnesium cures insomnia."


def checks_url(page):
    return reverse("health_articles_claims_checks", args=[page.pk])


def preview(client, page, **changes):
    data = nested_form_data(edit_form_data(page, **changes))
    response = client.post(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), data)
    assert response.json()["is_valid"], response.content
    return response


def test_the_edit_page_wires_the_panel_to_its_refresh(admin_client, demo):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[demo.pk])).content.decode()
    assert f'data-url="{checks_url(demo)}"' in html
    assert "health_articles/js/claims-checks.js" in html


def test_the_panel_shows_the_previewed_text_without_saving_it(admin_client, demo):
    before = admin_client.get(checks_url(demo)).content.decode()
    assert "Checked on the latest saved draft" in before
    assert CLAIM not in before
    preview(admin_client, demo, **{localized("intro", "en"): rich_text(f"<p>{CLAIM}</p>")})
    after = admin_client.get(checks_url(demo)).content.decode()
    assert "Checked on the preview's content" in after
    assert f"“{CLAIM}”" in after
    assert 'data-severity="high"' in after
    draft = demo.get_latest_revision_as_object()
    with override("en"):
        assert CLAIM not in draft.intro  # nothing was saved


def test_an_invalid_preview_falls_back_to_the_saved_draft(admin_client, demo):
    preview(admin_client, demo, **{localized("intro", "en"): rich_text(f"<p>{CLAIM}</p>")})
    data = nested_form_data(edit_form_data(demo, date="not a date"))
    admin_client.post(reverse("wagtailadmin_pages:preview_on_edit", args=[demo.pk]), data)
    # Wagtail keeps the last valid preview: the panel shows it.
    assert f"“{CLAIM}”" in admin_client.get(checks_url(demo)).content.decode()


def test_only_users_who_may_edit_the_page_get_its_checks(client, django_user_model, demo):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(checks_url(demo))
    assert response.status_code in (302, 403)
    assert "claims-checks" not in response.content.decode()
