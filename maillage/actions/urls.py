from django.urls import path

from . import views, views_commitment, views_gantt

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
    # Gantt pages
    path(
        "collectifs/<slug:slug>/consultations/<int:pk>/gantt/",
        views_gantt.consultation_gantt,
        name="consultation_gantt",
    ),
]
