"""The claims panel again, for the content of the editor's preview (not saved yet).

Wagtail's preview panel posts the edit form to its preview view as the editor
types and stores it (`FormState`); when the preview has updated, the panel's
script (`static/health_articles/js/claims-checks.js`) asks this view for the
panel's HTML, built from that stored form the same way the preview builds its page.
"""

from django.http import Http404
from django.template.response import TemplateResponse

from wagtail.admin.views.pages.preview import PreviewOnEditView

from .panels import claims_checks_context


class ClaimsChecksPreviewView(PreviewOnEditView):
    http_method_names = ("get",)
    template_name = "health_articles/panels/claims_checks.html"

    def get(self, request, *args, **kwargs):
        from .models import HealthArticlePage

        if not isinstance(self.object, HealthArticlePage):
            raise Http404
        source = "draft"
        form_state = self._get_form_state()
        if form_state is not None:
            form = self.get_form(self._get_form_data(form_state))
            if self.validate_form(form):
                form.save(commit=False)  # the page now holds the preview's content
                source = "preview"
            else:
                self.object = self.get_object()  # validation filled it in part: start again
        return TemplateResponse(
            request, self.template_name, claims_checks_context(self.object, source)
        )
