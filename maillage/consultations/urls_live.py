from django.urls import path

from . import views_live, views_screen

# Included by urls.py inside the "consultations" namespace.
G = "collectifs/<slug:slug>/groupes/<int:pk>/"
N = G + "notes/<int:note>/"

urlpatterns = [
    path(G + "mur/", views_live.wall, name="wall"),
    # GET: what changed since the client's last note (polled); POST: a new note.
    path(G + "mur/notes/", views_live.wall_notes, name="wall_notes"),
    path(G + "ecran/", views_screen.screen, name="screen"),
    path(G + "session/", views_screen.live_session, name="live_session"),
    path(G + "papier/", views_screen.paper, name="paper"),
    path(G + "humeur/", views_screen.mood, name="mood"),
    path(N + "masquer/", views_live.hide_note, name="hide_note"),
    path(N + "afficher/", views_live.show_note, name="show_note"),
    path(N + "corriger/", views_live.correct_note, name="correct_note"),
]
