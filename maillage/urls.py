from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.static import serve

from maillage.core import urls as core_urls
from maillage.home import urls as home_urls

urlpatterns = [
    # One namespace, "core", for the home app's pages (core:home, core:dashboard) and
    # core's own (core:set_language, core:guide), as before the home app was split off.
    path("", include((home_urls.urlpatterns + core_urls.urlpatterns, "core"))),
    path("comptes/", include("maillage.accounts.urls")),
    path("", include("maillage.collectives.urls")),
    path("", include("maillage.governance.urls")),
    path("", include("maillage.consultations.urls")),
    path("", include("maillage.meetings.urls")),
    path("", include("maillage.actions.urls")),
    path("", include("maillage.projects.urls")),
    path("", include("maillage.events.urls")),
    path("", include("maillage.premises.urls")),
    path("", include("maillage.orientation.urls")),
    path("", include("maillage.employment.urls")),
    path("", include("maillage.employers.urls")),
    path("", include("maillage.fund.urls")),
    path("", include("maillage.trace.urls")),
    path("", include("maillage.audit.urls")),
    path("api/v1/", include("maillage.api.urls")),
    path("", include("maillage.api.urls_tokens")),
    path("", include("maillage.opendata.urls")),
    path("", include("maillage.privacy.urls")),
]

if settings.SERVE_MEDIA:
    # The demo has no web server in front; in production the proxy serves /media/.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$",
            login_not_required(serve),
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
