from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo builder: installed by the host's development and test settings, never in production."""

    name = "demo"
    label = "demo"
    verbose_name = "Demo"
