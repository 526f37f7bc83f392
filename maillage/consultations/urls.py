from django.urls import include, path

from . import views, views_network

app_name = "consultations"

C = "collectifs/<slug:slug>/consultations/<int:pk>/"
G = "collectifs/<slug:slug>/groupes/<int:pk>/"

urlpatterns = [
    # Joining a live session with the code shown on screen: no account needed.
    path("participer/", views.join, name="join"),
    path("participer/<str:code>/", views.join, name="join_code"),
    path("collectifs/<slug:slug>/consultations/", views.consultation_list, name="list"),
    path("collectifs/<slug:slug>/consultations/nouvelle/", views.create, name="create"),
    path(
        "reseaux/<slug:slug>/consultations/nouvelle/",
        views_network.network_create,
        name="network_create",
    ),
    path(C, views.detail, name="detail"),
    path(C + "modifier/", views.edit, name="edit"),
    path(C + "questions/", views.questions, name="questions"),
    path(C + "questions/<int:question>/", views.question_edit, name="question_edit"),
    path(C + "groupes/", views.groups, name="groups"),
    path(C + "grille/", views.grid, name="grid"),
    path(C + "grille/<int:code>/", views.grid_code_edit, name="grid_code_edit"),
    path(C + "publier/", views.publish, name="publish"),
    path(C + "cloturer/", views.close, name="close"),
    path(G + "facilitation/", views.group_facilitators, name="group_facilitators"),
    path(G + "modifier/", views.group_edit, name="group_edit"),
    path(G + "supprimer/", views.group_delete, name="group_delete"),
    path("", include("maillage.consultations.urls_live")),
    path("", include("maillage.consultations.urls_contact")),
    path("", include("maillage.consultations.urls_synthesis")),
    path("", include("maillage.consultations.urls_rounds")),
    path("", include("maillage.consultations.urls_territory")),
]
