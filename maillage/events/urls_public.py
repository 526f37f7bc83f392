from django.urls import path

from . import views_public as views

C = "collectifs/<slug:slug>/"
E = C + "evenements/<int:pk>/"
R = "inscriptions/<slug:key>/"

urlpatterns = [
    path(C + "evenements/", views.agenda, name="agenda"),
    path(C + "evenements.ics", views.ical_feed, name="ical_feed"),
    path(C + "evenements.atom", views.atom_feed, name="atom_feed"),
    path(C + "programmes/<slug:programme>/", views.programme, name="programme"),
    path(E, views.event, name="event"),
    path(C + "evenements/<int:pk>.ics", views.event_ics, name="event_ics"),
    path(E + "inscription/", views.register, name="register"),
    path(E + "inscription/envoyee/", views.registration_sent, name="registration_sent"),
    path(R, views.registration, name="registration"),
    path(R + "confirmer/", views.confirm, name="confirm"),
    path(R + "annuler/", views.cancel, name="cancel"),
    path(R + "supprimer/", views.delete, name="delete"),
]
