from django.urls import include, path

app_name = "orientation"

urlpatterns = [
    path("", include("maillage.orientation.urls_catalogue")),
    path("", include("maillage.orientation.urls_questionnaire")),
    path("", include("maillage.orientation.urls_referrals")),
]
