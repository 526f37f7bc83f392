from django.urls import path

from . import views, views_board

P = "collectifs/<slug:slug>/chantiers/"
PROJECT = P + "projets/<int:pk>/"

urlpatterns = [
    path(P, views_board.board, name="board"),
    path(P + "nouveau-chantier/", views.work_stream_add, name="work_stream_add"),
    path(P + "chantier/<int:pk>/modifier/", views.work_stream_edit, name="work_stream_edit"),
    path(P + "nouveau-projet/", views.project_create, name="create"),
    path(PROJECT, views.project_detail, name="detail"),
    path(PROJECT + "modifier/", views.project_edit, name="edit"),
    path(PROJECT + "statut/", views.project_status, name="status"),
    path(PROJECT + "avancement/", views.project_progress, name="progress"),
    path(PROJECT + "jalons/", views.milestone_add, name="milestone_add"),
    path(
        PROJECT + "jalons/<int:milestone>/atteint/", views.milestone_reach, name="milestone_reach"
    ),
    path(
        PROJECT + "jalons/<int:milestone>/archiver/",
        views.milestone_archive,
        name="milestone_archive",
    ),
    path(PROJECT + "besoins/", views.need_add, name="need_add"),
    path(PROJECT + "besoins/<int:need>/clore/", views.need_close, name="need_close"),
    path(PROJECT + "besoins/<int:need>/benevole/", views.need_volunteer, name="volunteer"),
    path(PROJECT + "inscriptions/<int:signup>/retirer/", views.signup_withdraw, name="withdraw"),
    path(PROJECT + "actions/", views.project_action_add, name="action_add"),
    path(PROJECT + "archiver/", views.project_archive, name="archive"),
]

urlpatterns += [
    path(P + "chantier/<int:pk>/archiver/", views.work_stream_archive, name="work_stream_archive"),
    path(PROJECT + "liens/", views.link_add, name="link_add"),
    path(PROJECT + "liens/<int:link>/archiver/", views.link_archive, name="link_archive"),
    path(PROJECT + "commentaires/", views.comment_add, name="comment_add"),
    path(
        PROJECT + "commentaires/<int:comment>/archiver/",
        views.comment_archive,
        name="comment_archive",
    ),
]
