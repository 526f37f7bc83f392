from django.urls import path

from . import views, views_commitment

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
]

# Gantt exports
from . import views_gantt_exports  # noqa: E402

urlpatterns += [
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
