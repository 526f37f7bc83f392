"""The synthesis workspace: a group's theme board, the engine's proposals, the
synthesis of syntheses. Included by urls.py inside the "consultations" namespace."""

from django.urls import path

from . import views_synthesis as views

C = "collectifs/<slug:slug>/consultations/<int:pk>/"
G = "collectifs/<slug:slug>/groupes/<int:pk>/"

urlpatterns = [
    path(G + "themes/", views.board, name="theme_board"),
    path(G + "themes/<int:theme>/", views.theme_edit, name="theme_edit"),
    path(G + "notes/selection/", views.notes_bulk, name="notes_bulk"),
    path(G + "notes/<int:note>/deplacer/", views.note_move, name="note_move"),
    path(G + "notes/<int:note>/doublon/", views.note_duplicate, name="note_duplicate"),
    path(G + "notes/<int:note>/coder/", views.note_code, name="note_code"),
    path(G + "notes/<int:note>/engagement/", views.note_commitment, name="note_commitment"),
    path(G + "analyses/", views.analysis_request, name="analysis_request"),
    path(G + "analyses/<int:analysis>/", views.analysis_progress, name="analysis_progress"),
    path(
        G + "propositions/<int:proposal>/accepter/", views.proposal_accept, name="proposal_accept"
    ),
    path(G + "propositions/<int:proposal>/refuser/", views.proposal_reject, name="proposal_reject"),
    path(C + "synthese/", views.synthesis, name="synthesis"),
    path(C + "synthese/<int:theme>/", views.synthesis_theme_edit, name="synthesis_theme_edit"),
]
