"""Addresses of the pages after the café (views_after.py, views_figures.py)."""

from django.urls import path

from . import views_after, views_figures

CAFE = "collectifs/<slug:slug>/emploi/cafes/<int:pk>/"

urlpatterns = [
    path(CAFE + "suivi/", views_after.follow_up, name="follow_up"),
    path(
        CAFE + "suivi/inscrits/<int:seeker>/resultat/",
        views_after.record_outcome,
        name="record_outcome",
    ),
    path(CAFE + "suivi/rencontres/nouvelle/", views_after.plan_session, name="plan_session"),
    path(CAFE + "suivi/freins/nouveau/", views_after.note_obstacle, name="note_obstacle"),
    path(
        CAFE + "suivi/freins/<int:obstacle>/action/",
        views_after.obstacle_action,
        name="obstacle_action",
    ),
    path(CAFE + "chiffres/", views_figures.cafe_figures, name="cafe_figures"),
    path("collectifs/<slug:slug>/emploi/chiffres/", views_figures.figures, name="figures"),
    path(
        "collectifs/<slug:slug>/emploi/chiffres/export/",
        views_figures.figures_export,
        name="figures_export",
    ),
    path("emploi/inscrits/<slug:key>/suite/", views_after.seeker_outcome, name="seeker_outcome"),
    path(
        "emploi/recruteurs/<slug:key>/suite/<int:seeker>/",
        views_after.recruiter_outcome,
        name="recruiter_outcome",
    ),
]
