from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("comptes/", include("maillage.accounts.urls")),
    path("", include("maillage.collectives.urls")),
    path("", include("maillage.governance.urls")),
    path("", include("maillage.consultations.urls")),
    path("", include("maillage.meetings.urls")),
    path("", include("maillage.actions.urls")),
    path("", include("maillage.projects.urls")),
    path("", include("maillage.events.urls")),
    path("", include("maillage.trace.urls")),
    path("", include("maillage.audit.urls")),
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
