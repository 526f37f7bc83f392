"""Core's own pages. Their names are in the "core" namespace (``core:set_language``,
``core:guide``), which they share with the home app's pages (``core:home``,
``core:dashboard``): ``maillage/urls.py`` includes both lists under it."""

from django.urls import path

from . import views, views_guide

urlpatterns = [
    path("langue/", views.set_language, name="set_language"),
    path("guide/", views_guide.guide, name="guide"),
]
