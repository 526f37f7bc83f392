from django.urls import path

from . import views_live as views

# Included by urls.py inside the "consultations" namespace.
G = "collectifs/<slug:slug>/groupes/<int:pk>/"
N = G + "notes/<int:note>/"

urlpatterns = [
    path(G + "mur/", views.wall, name="wall"),
    # GET: what changed since the client's last note (polled); POST: a new note.
    path(G + "mur/notes/", views.wall_notes, name="wall_notes"),
    path(G + "ecran/", views.screen, name="screen"),
    path(G + "session/", views.live_session, name="live_session"),
    path(G + "papier/", views.paper, name="paper"),
    path(G + "humeur/", views.mood, name="mood"),
    path(N + "masquer/", views.hide_note, name="hide_note"),
    path(N + "afficher/", views.show_note, name="show_note"),
    path(N + "corriger/", views.correct_note, name="correct_note"),
]
