from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The ways in: the home page and a person's dashboard, which read every domain app
    (core, below them all, imports none)."""

    name = "maillage.home"
    label = "home"
