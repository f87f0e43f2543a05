"""What users without the article text permission (the SEO role) may do to article pages.

Wagtail derives everything from `change_page`: whoever may change a page may also
delete it while it is a draft, copy it, revert it to an old revision and edit any
page of the section. Inside the article section (article indexes and their
articles) this narrows it for users who lack `change_article_content`:

- they may edit articles only, and there only the fields the article form leaves
  open to them (SEO fields; `forms.py` disables the text);
- they may not delete, move, copy, unpublish, publish, add or reorder pages, nor
  revert an article to a revision (that would save the revision's text as the
  draft, over an editor's work);
- nothing else in the section is editable (the index page).

Wagtail's views, bulk actions, listings and action menus all ask the page's
permission tester, so a refused action is both hidden and refused on a crafted
request. The revert view is an edit view with a revision, so it is refused by the
`before_edit_page` hook below (wired in `wagtail_hooks.py`).
"""

from django.core.exceptions import PermissionDenied

from wagtail.models import PagePermissionTester

CONTENT_PERMISSION = "health_articles.change_article_content"


def may_change_article_text(user):
    return user.is_superuser or user.has_perm(CONTENT_PERMISSION)


class ArticleSectionPermissionTester(PagePermissionTester):
    """Wagtail's tester, narrowed for users who may not change article text."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.seo_only = user.is_active and not may_change_article_text(user)

    def can_edit(self):
        from .models import HealthArticlePage

        if self.seo_only and not issubclass(self.page.specific_class, HealthArticlePage):
            return False
        return super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return not self.seo_only and super().can_delete(ignore_bulk=ignore_bulk)

    def can_copy(self):
        return not self.seo_only and super().can_copy()

    def can_add_subpage(self):
        return not self.seo_only and super().can_add_subpage()

    def can_publish(self):
        return not self.seo_only and super().can_publish()

    def can_publish_subpage(self):
        return not self.seo_only and super().can_publish_subpage()

    def can_unpublish(self):
        return not self.seo_only and super().can_unpublish()

    def can_reorder_children(self):
        return not self.seo_only and super().can_reorder_children()

    def can_revert(self):
        return not self.seo_only


class ArticleSectionPermissions:
    """Mixin for the app's page types: use the narrowed tester."""

    def permissions_for_user(self, user):
        return ArticleSectionPermissionTester(user, self)


def refuse_revert(request, page):
    """`before_edit_page`: no reverting to a revision without the article text permission."""
    match = request.resolver_match
    if match is None or match.url_name != "revisions_revert":
        return None
    if not page.permissions_for_user(request.user).can_revert():
        raise PermissionDenied
    return None


def refuse_move_confirmation(request, page, destination):
    """`before_move_page`: Wagtail's move confirmation page checks rights only on POST."""
    if not page.permissions_for_user(request.user).can_move():
        raise PermissionDenied
    return None
