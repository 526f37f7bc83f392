"""The requests pages of shared premises (see urls.py): the public request page, the
coordinators' list of requests and their decisions, the availability search and the
calendar feeds."""

from django.urls import path

from . import views_requests as views

SITE = "collectifs/<slug:slug>/locaux/<slug:site>/"

urlpatterns = [
    path(f"{SITE}demander/", views.request_room, name="request"),
    path(f"{SITE}demandes/", views.requests, name="requests"),
    path(
        f"{SITE}demandes/<int:pk>/accepter/",
        views.decide,
        {"decision": "accept"},
        name="request_accept",
    ),
    path(
        f"{SITE}demandes/<int:pk>/retenir/", views.decide, {"decision": "hold"}, name="request_hold"
    ),
    path(
        f"{SITE}demandes/<int:pk>/liberer/",
        views.decide,
        {"decision": "release"},
        name="request_release",
    ),
    path(
        f"{SITE}demandes/<int:pk>/refuser/",
        views.decide,
        {"decision": "refuse"},
        name="request_refuse",
    ),
    path(f"{SITE}disponibilites/", views.search_page, name="search"),
    path(f"{SITE}calendriers/", views.feeds, name="feeds"),
    path(
        f"{SITE}calendriers/salles/<int:space>/renouveler/",
        views.renew_space_feed,
        name="renew_space_feed",
    ),
    path(
        f"{SITE}calendriers/organisations/<int:organisation>/renouveler/",
        views.renew_organisation_feed,
        name="renew_organisation_feed",
    ),
    path(f"{SITE}calendriers/<slug:token>.ics", views.feed, name="feed"),
]
