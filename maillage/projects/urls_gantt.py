from django.urls import path

from . import views_gantt

P = "collectifs/<slug:slug>/chantiers/"

urlpatterns = [
    path(P + "projets/<int:pk>/gantt/", views_gantt.project_gantt, name="gantt"),
    path(P + "chantier/<int:pk>/gantt/", views_gantt.stream_gantt, name="stream_gantt"),
]
