"""Core's own pages. Their names are in the "core" namespace (``core:set_language``,
``core:guide``), which they share with the home app's pages (``core:home``,
``core:dashboard``): ``maillage/urls.py`` includes both lists under it.

The probes and the metrics sit at the root, without a trailing slash, as the proxy and
the monitoring server ask for them (docs/deployment.md)."""

from django.urls import path

from . import health, metrics, views, views_guide

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("langue/", views.set_language, name="set_language"),
    path("guide/", views_guide.guide, name="guide"),
]
