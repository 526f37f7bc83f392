"""The minutes of a meeting (compte-rendu): the page, its documents, its lifecycle,
proposed changes and approved versions. Included in the "meetings" namespace by urls.py."""

from django.urls import path

from . import views_minutes

MINUTES = "collectifs/<slug:slug>/reunions/<int:pk>/compte-rendu/"
VERSION = MINUTES + "versions/<int:number>/"

urlpatterns = [
    path(MINUTES, views_minutes.minutes_page, name="minutes"),
    path(MINUTES + "soumettre/", views_minutes.submit, name="minutes_submit"),
    path(MINUTES + "approuver/", views_minutes.approve, name="minutes_approve"),
    path(MINUTES + "nouvelle-version/", views_minutes.new_version, name="minutes_new_version"),
    path(MINUTES + "propositions/", views_minutes.amendment_propose, name="amendment_propose"),
    path(
        MINUTES + "propositions/<int:amendment>/reponse/",
        views_minutes.amendment_decide,
        name="amendment_decide",
    ),
    path(MINUTES + "versions/", views_minutes.versions, name="versions"),
    path(MINUTES + "comparer/", views_minutes.compare, name="compare"),
    path(VERSION, views_minutes.version, name="version"),
]

for _kind in ("docx", "odt", "pdf"):
    urlpatterns += [
        path(
            f"{MINUTES}compte-rendu.{_kind}",
            views_minutes.minutes_document,
            {"kind": _kind},
            name=f"minutes_{_kind}",
        ),
        path(
            f"{VERSION}compte-rendu.{_kind}",
            views_minutes.version_document,
            {"kind": _kind},
            name=f"version_{_kind}",
        ),
    ]
