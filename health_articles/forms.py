from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminPageForm

from modeltranslation.utils import build_localized_fieldname, get_translation_fields

from shop_links.admin_i18n import render_fields_in_their_language
from shop_links.i18n import content_languages

from .limits import count_blocks, max_blocks
from .widgets import ReadOnlyContent

CONTENT_PERMISSION = "health_articles.change_article_content"
# The article's text and images: what SEO staff may read but not change.
CONTENT_FIELDS = ("title", "subtitle", "intro", "body", "date", "author", "hero_image")
# Editors that cannot be disabled in the browser (Draftail, StreamField): shown as text.
READ_ONLY_DISPLAY = ("intro", "body")


class IndexedSlugCheckMixin:
    """wagtail-modeltranslation's form check (each language's slug is no sibling's
    slug in that language), asked of the slug indexes instead of every sibling
    (`models.pages.slug_clashes`). Put in place of its form by `HealthArticlesConfig`."""

    def clean(self):
        from .models.pages import slug_clashes

        cleaned = super().clean()
        siblings = self.parent_page.get_children()
        if self.instance.pk:
            siblings = siblings.not_page(self.instance)
        slugs = {}
        for language in content_languages():
            value = cleaned.get(build_localized_fieldname("slug", language))
            if value is not None:
                slugs[language] = value
        for language in slug_clashes(siblings, slugs):
            self.add_error(
                build_localized_fieldname("slug", language),
                forms.ValidationError(_("This slug is already in use")),
            )
        return cleaned


def with_indexed_slug_check(form_class):
    """`form_class` with `IndexedSlugCheckMixin` in place of wagtail-modeltranslation's
    slug check (its `patch_admin_page_form` subclasses the page's form to add it)."""
    if form_class.__name__ != "WagtailFixedAdminPageForm":
        return form_class  # not wrapped: nothing to replace
    (original,) = form_class.__bases__
    return type(original.__name__, (IndexedSlugCheckMixin, original), {"__module__": __name__})


class HealthArticlePageForm(WagtailAdminPageForm):
    """The article editor's form.

    - Users without `change_article_content` (the SEO group) get the article's
      text and images as disabled fields: whatever a crafted POST sends for them
      is ignored (Django keeps the initial value).
    - Publishing (also after reverting to an old revision) is refused by the
      publish guard (`publishing.py`) while the article links to unavailable
      collections. Drafts may still be saved: editors fix links at their own
      pace, and the public page degrades such links to plain text anyway.
    - Publishing is refused while the claims checker finds high-severity
      problems (claims/guard.py), unless the user may override claims and
      gives a reason, which is logged on the page.
    """

    claims_override_reason = forms.CharField(
        label=gettext_lazy("Reason for publishing despite health-claim problems"),
        help_text=gettext_lazy(
            "Only for users who may override claims: publishing an article with "
            "high-severity health-claim findings needs a reason, which is logged."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if self.instance.pk:
            # The editor renders each rich text and link block on its own: load every
            # collection the article links to, in any language, with one query.
            from shop_links.lookup import remember_for_request

            remember_for_request(self.instance.collection_ids_in_all_languages())
        render_fields_in_their_language(self)
        if for_user is not None and not for_user.has_perm(CONTENT_PERMISSION):
            for base in CONTENT_FIELDS:
                for name in (base, *get_translation_fields(base)):
                    if name in self.fields:
                        self.fields[name].disabled = True
                        if base in READ_ONLY_DISPLAY:
                            self.fields[name].widget = ReadOnlyContent()

    def clean(self):
        cleaned = super().clean()
        # Checked on drafts too: a 10,000-block body is slow to save, render and review.
        limit = max_blocks()
        for name in get_translation_fields("body"):
            body = cleaned.get(name)
            if body is not None and count_blocks(body) > limit:
                self.add_error(
                    name,
                    _(
                        "This body has %(count)s blocks (each FAQ question counts as one); "
                        "the limit is %(limit)s. Split the article."
                    )
                    % {"count": count_blocks(body), "limit": limit},
                )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if "action-publish" not in self.data:
            return
        self._check_links()
        self._check_claims()

    def _check_claims(self):
        from .claims import guard
        from .publishing import claims_refusal_message

        problems = guard.unresolved_problems(self.instance)
        if not problems:
            return
        reason = (self.cleaned_data.get("claims_override_reason") or "").strip()
        if reason and guard.may_override(self.for_user):
            # Logged by the after_create_page / after_edit_page hook once the page is saved.
            self.instance._claims_override = (reason, problems)
            guard.approve(problems)  # the publish that follows in this request
            return
        message = claims_refusal_message(problems)
        if guard.may_override(self.for_user):
            message += " " + _(
                "You may publish anyway: give a reason in “Reason for publishing despite "
                "health-claim problems”."
            )
        self.add_error(None, message)

    def _check_links(self):
        from .publishing import publish_problems, refusal_message

        problems = publish_problems(self.instance)
        if problems:
            self.add_error(None, refusal_message(problems))
