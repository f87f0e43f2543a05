from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The example host site's demo content and its `load_demo` command."""

    name = "demo"
    label = "demo"
