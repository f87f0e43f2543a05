from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm


class HealthArticlePageForm(WagtailAdminPageForm):
    """Publishing is refused while the article links to inactive or deleted collections.

    Drafts may still be saved: editors fix links at their own pace, and the
    public page degrades such links to plain text anyway.
    """

    def _post_clean(self):
        super()._post_clean()
        if "action-publish" not in self.data:
            return
        from .link_health import link_problems

        problems = link_problems(self.instance)
        if problems:
            described = ", ".join(
                f"{handle or '#' + str(pk)} ({language}, {_(problem)})"
                for language, pk, handle, problem in problems
            )
            self.add_error(
                None,
                _(
                    "This article links to collections that are not available in the shop: "
                    "%(links)s. Remove those links or reactivate the collections, then publish."
                )
                % {"links": described},
            )
