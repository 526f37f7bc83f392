from django.urls import path

from . import views_report, views_rounds, views_votes

# Included by urls.py inside the "consultations" namespace.

C = "collectifs/<slug:slug>/consultations/<int:pk>/"
# <int:round> is the round's number in its consultation (1, 2, ...).
R = C + "tours/<int:round>/"

urlpatterns = [
    path(C + "tours/", views_rounds.rounds, name="rounds"),
    path(C + "tours/nouveau/", views_rounds.round_create, name="round_create"),
    path(R, views_rounds.round_detail, name="round"),
    path(R + "modifier/", views_rounds.round_edit, name="round_edit"),
    path(R + "ouvrir/", views_rounds.round_open, name="round_open"),
    path(R + "fermer/", views_rounds.round_close, name="round_close"),
    path(R + "enonces/", views_rounds.round_statements, name="round_statements"),
    path(R + "voter/", views_votes.vote, name="vote"),
    path(R + "resultats/", views_votes.results, name="results"),
    path(R + "analyse/", views_votes.round_analysis, name="round_analysis"),
    path(
        R + "analyse/<int:analysis>/",
        views_votes.round_analysis_progress,
        name="round_analysis_progress",
    ),
    path(C + "enonces/nouveau/", views_rounds.statement_create, name="statement_create"),
    path(
        C + "enonces/depuis-themes/",
        views_rounds.statements_from_themes,
        name="statements_from_themes",
    ),
    path(C + "rapport/", views_report.report, name="report"),
    path(C + "rapport.pdf", views_report.report_pdf, name="report_pdf"),
    path(C + "rapport.docx", views_report.report_docx, name="report_docx"),
    path(C + "donnees.csv", views_report.data_csv, name="data_csv"),
]
