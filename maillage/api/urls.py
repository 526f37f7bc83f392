"""/api/v1/: one router for every app's endpoints (each module's ROUTES), the person
behind a token, and the OpenAPI schema (committed as docs/api/openapi.yaml)."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import (
    actions,
    collectives,
    consultations,
    employers,
    employment,
    events,
    fund,
    governance,
    meetings,
    orientation,
    premises,
    projects,
)
from .base import Open

MODULES = [
    collectives,
    governance,
    meetings,
    actions,
    projects,
    events,
    consultations,
    premises,
    orientation,
    employment,
    employers,
    fund,
]

router = SimpleRouter()
for module in MODULES:
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)


class SchemaView(Open, SpectacularAPIView):
    pass


@csrf_exempt
@login_not_required
def not_found(request, rest=""):
    """Any other address under /api/v1/ answers JSON, not the site's HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


app_name = "api"
urlpatterns = [
    path("me/", collectives.MeView.as_view(), name="me"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("", include(router.urls)),
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]
