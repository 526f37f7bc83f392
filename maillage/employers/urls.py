from django.urls import include, path

app_name = "employers"

# Each part of the app keeps its own address list.
urlpatterns = [
    path("", include("maillage.employers.urls_needs")),
    path("", include("maillage.employers.urls_pooling")),
    path("", include("maillage.employers.urls_agreements")),
]
