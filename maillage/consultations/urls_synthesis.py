"""The synthesis workspace: a group's theme board, the engine's proposals, the
synthesis of syntheses. Included by urls.py inside the "consultations" namespace."""

from django.urls import path

from . import views_board, views_notes, views_synthesis

C = "collectifs/<slug:slug>/consultations/<int:pk>/"
G = "collectifs/<slug:slug>/groupes/<int:pk>/"

urlpatterns = [
    path(G + "themes/", views_board.board, name="theme_board"),
    path(G + "themes/<int:theme>/", views_board.theme_edit, name="theme_edit"),
    path(G + "themes/<int:theme>/supprimer/", views_board.theme_delete, name="theme_delete"),
    path(G + "themes/<int:theme>/deplacer/", views_board.theme_move, name="theme_move"),
    path(G + "notes/selection/", views_notes.notes_bulk, name="notes_bulk"),
    path(G + "notes/<int:note>/deplacer/", views_notes.note_move, name="note_move"),
    path(G + "notes/<int:note>/doublon/", views_notes.note_duplicate, name="note_duplicate"),
    path(G + "notes/<int:note>/deplier/", views_notes.note_unfold, name="note_unfold"),
    path(G + "notes/<int:note>/coder/", views_notes.note_code, name="note_code"),
    path(G + "notes/<int:note>/engagement/", views_notes.note_commitment, name="note_commitment"),
    path(G + "analyses/", views_synthesis.analysis_request, name="analysis_request"),
    path(
        G + "analyses/<int:analysis>/", views_synthesis.analysis_progress, name="analysis_progress"
    ),
    path(
        G + "propositions/<int:proposal>/accepter/",
        views_synthesis.proposal_accept,
        name="proposal_accept",
    ),
    path(
        G + "propositions/<int:proposal>/refuser/",
        views_synthesis.proposal_reject,
        name="proposal_reject",
    ),
    path(C + "synthese/", views_synthesis.synthesis, name="synthesis"),
    path(
        C + "synthese/<int:theme>/",
        views_synthesis.synthesis_theme_edit,
        name="synthesis_theme_edit",
    ),
]
