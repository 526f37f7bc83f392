from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration data and its `load_demo` command, one module per domain.
    Installed by the development, demo and test settings only: production has no
    demo accounts to load (their password is public)."""

    name = "maillage.demo"
    label = "demo"
