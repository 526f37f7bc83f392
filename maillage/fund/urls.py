from django.urls import include, path

app_name = "fund"

# Each part of the app keeps its own address list.
urlpatterns = [
    path("", include("maillage.fund.urls_campaigns")),
    path("", include("maillage.fund.urls_public")),
    path("", include("maillage.fund.urls_gifts")),
    path("", include("maillage.fund.urls_matching")),
    path("", include("maillage.fund.urls_recurring")),
    path("", include("maillage.fund.urls_provider")),
    path("", include("maillage.fund.urls_bank")),
    path("", include("maillage.fund.urls_grants")),
    path("", include("maillage.fund.urls_receipts")),
    path("", include("maillage.fund.urls_donors")),
]
