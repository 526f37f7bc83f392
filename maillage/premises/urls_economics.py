"""The economics pages of shared premises (see urls.py): the economic model's
scenarios and the occupancy of a site."""

from django.urls import path

from . import views_economics as views

SITE = "collectifs/<slug:slug>/locaux/<slug:site>/"
MODEL = SITE + "modele-economique/"

urlpatterns = [
    path(MODEL, views.economics_index, name="economics"),
    path(MODEL + "nouveau/", views.scenario_create, name="scenario_create"),
    path(MODEL + "comparer/", views.scenario_compare, name="scenario_compare"),
    path(MODEL + "<int:pk>/", views.scenario_detail, name="scenario"),
    path(MODEL + "<int:pk>/modifier/", views.scenario_edit, name="scenario_edit"),
    path(MODEL + "<int:pk>/tableur.xlsx", views.scenario_xlsx_download, name="scenario_xlsx"),
    path(SITE + "occupation/", views.occupancy_page, name="occupancy"),
]
