from django.urls import include, path

app_name = "events"

urlpatterns = [
    path("", include("maillage.events.urls_public")),
    path("", include("maillage.events.urls_manage")),
]
