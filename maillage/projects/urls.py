from django.urls import include, path  # noqa: F401

app_name = "projects"

urlpatterns = [
    path("", include("maillage.projects.urls_board")),
    path("", include("maillage.projects.urls_kanban")),
    path("", include("maillage.projects.urls_exports")),
    path("", include("maillage.projects.urls_public")),
    path("", include("maillage.projects.urls_gantt")),
    path("", include("maillage.projects.urls_gantt_exports")),
]
