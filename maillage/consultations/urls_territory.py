"""The territories' syntheses of a network consultation. Included by urls.py inside
the "consultations" namespace."""

from django.urls import path

from . import views_territory

T = "collectifs/<slug:slug>/consultations/<int:pk>/territoires/"
S = T + "<slug:territory>/"

urlpatterns = [
    path(T, views_territory.territory_list, name="territory_list"),
    path(S, views_territory.territory_synthesis, name="territory_synthesis"),
    path(
        S + "themes/<int:theme>/",
        views_territory.territory_theme_edit,
        name="territory_theme_edit",
    ),
    path(
        S + "themes/<int:theme>/supprimer/",
        views_territory.territory_theme_delete,
        name="territory_theme_delete",
    ),
    path(S + "publier/", views_territory.territory_publish, name="territory_publish"),
    path(S + "retirer/", views_territory.territory_withdraw, name="territory_withdraw"),
]
