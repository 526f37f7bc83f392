"""The sites pages of shared premises (see urls.py)."""

from django.urls import path

from . import views_sites as views

C = "collectifs/<slug:slug>/locaux/"
S = C + "<slug:site>/"

urlpatterns = [
    path(C, views.sites, name="sites"),
    path(C + "nouveau-site/", views.site_create, name="site_create"),
    path(S, views.site, name="site"),
    path(S + "modifier/", views.site_edit, name="site_edit"),
    path(S + "fermetures/", views.closed_add, name="closed_add"),
    path(S + "fermetures/jours-feries/", views.holidays_add, name="holidays_add"),
    path(S + "fermetures/<int:pk>/retirer/", views.closed_remove, name="closed_remove"),
    path(S + "espaces/nouveau/", views.space_add, name="space_add"),
    path(S + "espaces/<int:pk>/modifier/", views.space_edit, name="space_edit"),
    path(S + "espaces/<int:pk>/archiver/", views.space_archive, name="space_archive"),
    path(S + "espaces/<int:pk>/postes-reserves/", views.reserved_desks, name="reserved_desks"),
    path(S + "categories/nouvelle/", views.category_add, name="category_add"),
    path(S + "categories/<int:pk>/modifier/", views.category_edit, name="category_edit"),
]
