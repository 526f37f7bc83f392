"""The pages of shared premises, under the collective (French paths). Each part of the
app has its own urls_*.py, included here."""

from django.urls import include, path

app_name = "premises"

urlpatterns = [
    path("", include("maillage.premises.urls_sites")),
    path("", include("maillage.premises.urls_tenancy")),
    path("", include("maillage.premises.urls_bookings")),
    path("", include("maillage.premises.urls_requests")),
    path("", include("maillage.premises.urls_statements")),
    path("", include("maillage.premises.urls_economics")),
]
