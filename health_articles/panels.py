from wagtail.admin.panels import Panel


class CollectionLinkHealthPanel(Panel):
    """Warns the editor about links to inactive or deleted shop collections."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "health_articles/panels/collection_link_health.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from .link_health import link_problems

            self.problems = link_problems(self.instance) if self.instance.pk else []

        def is_shown(self):
            return bool(self.problems)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["problems"] = self.problems
            return context
