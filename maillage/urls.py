from django.urls import include, path

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("comptes/", include("maillage.accounts.urls")),
    path("", include("maillage.collectives.urls")),
    path("", include("maillage.governance.urls")),
    path("", include("maillage.audit.urls")),
]
