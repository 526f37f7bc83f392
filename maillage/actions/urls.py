from django.urls import path

from . import (
    views,
    views_commitment,
    views_gantt,
    views_gantt_exports,
    views_phases,
    views_planning,
)

app_name = "actions"
urlpatterns = [
    path("collectifs/<slug:slug>/actions/", views.action_list, name="list"),
    path("collectifs/<slug:slug>/actions/nouvelle/", views.action_create, name="create"),
    path("collectifs/<slug:slug>/actions/<int:pk>/", views.action_detail, name="detail"),
    path("collectifs/<slug:slug>/actions/<int:pk>/statut/", views.action_status, name="status"),
    path(
        "collectifs/<slug:slug>/actions/<int:pk>/commentaires/",
        views.comment_add,
        name="comment_add",
    ),
    path(
        "collectifs/<slug:slug>/actions/<int:pk>/commentaires/<int:comment>/archiver/",
        views.comment_archive,
        name="comment_archive",
    ),
    path("mes-actions/", views.my_actions, name="mine"),
    path(
        "collectifs/<slug:slug>/actions/depuis-un-engagement/<int:commitment>/",
        views_commitment.from_commitment,
        name="from_commitment",
    ),
    path(
        "collectifs/<slug:slug>/actions/<int:pk>/dates/",
        views_planning.action_dates,
        name="dates",
    ),
    path(
        "collectifs/<slug:slug>/actions/<int:pk>/dependances/",
        views_planning.dependency_add,
        name="dependency_add",
    ),
    path(
        "collectifs/<slug:slug>/actions/<int:pk>/dependances/<int:before>/retirer/",
        views_planning.dependency_remove,
        name="dependency_remove",
    ),
    path(
        "collectifs/<slug:slug>/actions/phases/projet/<int:pk>/",
        views_phases.project_phases,
        name="project_phases",
    ),
    path(
        "collectifs/<slug:slug>/actions/phases/consultation/<int:pk>/",
        views_phases.consultation_phases,
        name="consultation_phases",
    ),
    path(
        "collectifs/<slug:slug>/actions/phases/<int:pk>/modifier/",
        views_phases.phase_edit,
        name="phase_edit",
    ),
    path(
        "collectifs/<slug:slug>/actions/phases/<int:pk>/supprimer/",
        views_phases.phase_delete,
        name="phase_delete",
    ),
    # Gantt pages
    path(
        "collectifs/<slug:slug>/consultations/<int:pk>/gantt/",
        views_gantt.consultation_gantt,
        name="consultation_gantt",
    ),
    # Gantt exports
    path(
        "collectifs/<slug:slug>/consultations/<int:pk>/gantt/gantt.xlsx",
        views_gantt_exports.consultation_gantt_xlsx,
        name="consultation_gantt_xlsx",
    ),
    path(
        "collectifs/<slug:slug>/consultations/<int:pk>/gantt/gantt.pdf",
        views_gantt_exports.consultation_gantt_pdf,
        name="consultation_gantt_pdf",
    ),
]
