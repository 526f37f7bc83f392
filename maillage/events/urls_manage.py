"""The organisers' pages of events, under the collective's events (French paths)."""

from django.urls import path

from . import views_manage as views

M = "collectifs/<slug:slug>/evenements/"
E = M + "<int:pk>/"
P = M + "programmes/"

urlpatterns = [
    path(M + "gestion/", views.manage, name="manage"),
    path(M + "nouveau/", views.create, name="create"),
    path(E + "gestion/", views.event_page, name="event_manage"),
    path(E + "modifier/", views.edit, name="edit"),
    path(E + "publier/", views.publish, name="publish"),
    path(E + "annuler/", views.cancel, name="cancel_event"),
    path(E + "intervenants/", views.speaker_add, name="speaker_add"),
    path(E + "questions/", views.question_add, name="question_add"),
    path(E + "inscriptions/", views.registrations, name="registrations"),
    path(E + "inscriptions/places/", views.capacity, name="capacity"),
    path(E + "inscriptions/fermer/", views.close, name="close"),
    path(E + "inscriptions/rouvrir/", views.reopen, name="reopen"),
    path(E + "inscriptions/<int:registration>/place/", views.promote, name="promote"),
    path(E + "accueil/", views.checkin, name="checkin"),
    path(E + "accueil/<int:registration>/", views.checkin_mark, name="checkin_mark"),
    path(E + "accueil/sans-inscription/", views.walk_in, name="walk_in"),
    path(E + "feuille/", views.sheet, name="sheet"),
    path(E + "compte-rendu/", views.report, name="report"),
    path(P + "nouveau/", views.programme_create, name="programme_create"),
    path(P + "<int:programme>/publier/", views.programme_publish, name="programme_publish"),
]
