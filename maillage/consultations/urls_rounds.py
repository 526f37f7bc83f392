from django.urls import path

from . import views_rounds as views

# Included by urls.py inside the "consultations" namespace.

C = "collectifs/<slug:slug>/consultations/<int:pk>/"
# <int:round> is the round's number in its consultation (1, 2, ...).
R = C + "tours/<int:round>/"

urlpatterns = [
    path(C + "tours/", views.rounds, name="rounds"),
    path(C + "tours/nouveau/", views.round_create, name="round_create"),
    path(R, views.round_detail, name="round"),
    path(R + "ouvrir/", views.round_open, name="round_open"),
    path(R + "fermer/", views.round_close, name="round_close"),
    path(R + "enonces/", views.round_statements, name="round_statements"),
    path(R + "voter/", views.vote, name="vote"),
    path(R + "resultats/", views.results, name="results"),
    path(R + "analyse/", views.round_analysis, name="round_analysis"),
    path(
        R + "analyse/<int:analysis>/",
        views.round_analysis_progress,
        name="round_analysis_progress",
    ),
    path(C + "enonces/nouveau/", views.statement_create, name="statement_create"),
    path(C + "enonces/depuis-themes/", views.statements_from_themes, name="statements_from_themes"),
    path(C + "rapport/", views.report, name="report"),
    path(C + "rapport.pdf", views.report_pdf, name="report_pdf"),
    path(C + "rapport.docx", views.report_docx, name="report_docx"),
    path(C + "donnees.csv", views.data_csv, name="data_csv"),
]
