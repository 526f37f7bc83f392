from django.urls import include, path

app_name = "employment"

# Each part of the app keeps its own address list.
urlpatterns = [
    path("", include("maillage.employment.urls_cafe")),
    path("", include("maillage.employment.urls_rotations")),
    path("", include("maillage.employment.urls_after")),
    path("", include("maillage.employment.urls_operations")),
]
