"""The catalogue's pages: its management under the collective, and the public search
and offer pages (no account)."""

from django.urls import path

from . import views_catalogue as views
from . import views_public_catalogue as public

C = "collectifs/<slug:slug>/orientation/"
S = C + "structures/<int:pk>/"
F = C + "offres/<uuid:uuid>/"
P = "orientation/<slug:slug>/"

urlpatterns = [
    path(C + "structures/", views.structures, name="structures"),
    path(C + "structures/nouvelle/", views.structure_create, name="structure_create"),
    path(C + "structures/export/", views.export, name="export"),
    path(C + "structures/import/", views.import_file, name="import"),
    path(S, views.structure, name="structure"),
    path(S + "modifier/", views.structure_edit, name="structure_edit"),
    path(S + "verifiee/", views.structure_checked, name="structure_checked"),
    path(S + "offres/nouvelle/", views.offer_create, name="offer_create"),
    path(F + "modifier/", views.offer_edit, name="offer_edit"),
    path(F + "criteres/", views.offer_criteria, name="offer_criteria"),
    path(F + "publication/", views.offer_publish, name="offer_publish"),
    path(F + "verifiee/", views.offer_checked, name="offer_checked"),
    path(P, public.search, name="search"),
    path(P + "offres/<uuid:uuid>/", public.offer, name="offer"),
]
