from django.urls import path

from . import views_public

P = "collectifs/<slug:slug>/resultats/"

urlpatterns = [
    path(P, views_public.results, name="public_results"),
    path(P + "<int:pk>/", views_public.project, name="public_project"),
]
