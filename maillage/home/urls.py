"""The home page and the dashboard. Their names are in the "core" namespace
(``core:home``, ``core:dashboard``), which they share with core's own pages (the
language switch, the guide): ``maillage/urls.py`` includes both lists under it."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
]
