from django.urls import path

from . import views, views_members, views_network

app_name = "collectives"
urlpatterns = [
    path("collectifs/", views.directory, name="list"),
    path("collectifs/nouveau/", views.create, name="create"),
    path("collectifs/<slug:slug>/", views.detail, name="detail"),
    path("collectifs/<slug:slug>/parametres/", views.edit, name="edit"),
    path("collectifs/<slug:slug>/organisations/", views.organisations, name="organisations"),
    path("collectifs/<slug:slug>/membres/", views_members.members, name="members"),
    path(
        "collectifs/<slug:slug>/membres/<int:pk>/role/",
        views_members.change_role,
        name="change_role",
    ),
    path(
        "collectifs/<slug:slug>/membres/<int:pk>/fin/",
        views_members.end_membership,
        name="end_membership",
    ),
    path("collectifs/<slug:slug>/inviter/", views_members.invite, name="invite"),
    path(
        "collectifs/<slug:slug>/invitations/<int:pk>/retirer/",
        views_members.revoke_invitation,
        name="revoke_invitation",
    ),
    path("collectifs/<slug:slug>/rejoindre/", views_members.join, name="join"),
    path("collectifs/<slug:slug>/quitter/", views_members.leave, name="leave"),
    path("collectifs/<slug:slug>/demandes/", views_members.requests, name="requests"),
    path(
        "collectifs/<slug:slug>/demandes/<int:pk>/accepter/",
        views_members.accept_request,
        name="accept_request",
    ),
    path(
        "collectifs/<slug:slug>/demandes/<int:pk>/refuser/",
        views_members.refuse_request,
        name="refuse_request",
    ),
    path("invitation/<str:token>/", views_members.invitation, name="invitation"),
    path("reseaux/<slug:slug>/", views_network.network, name="network"),
    path(
        "reseaux/<slug:slug>/coordination/",
        views_network.network_coordinators,
        name="network_coordinators",
    ),
    path(
        "reseaux/<slug:slug>/coordination/<int:pk>/retirer/",
        views_network.network_coordinator_remove,
        name="network_coordinator_remove",
    ),
]
