"""The addresses of the foundation's bank reconciliation (views_bank.py)."""

from django.urls import path

from . import views_bank as views

BASE = "collectifs/<slug:slug>/fondation/"
STATEMENTS = f"{BASE}releves/"
LINE = f"{STATEMENTS}lignes/<int:pk>/"

urlpatterns = [
    path(STATEMENTS, views.statements, name="statements"),
    path(f"{STATEMENTS}importer/", views.statement_import, name="statement_import"),
    path(f"{STATEMENTS}<int:pk>/", views.statement, name="statement"),
    path(f"{STATEMENTS}a-verifier/", views.review, name="review"),
    path(f"{LINE}rapprocher/", views.line_match, name="line_match"),
    path(f"{LINE}ecarter/", views.line_ignore, name="line_ignore"),
    path(f"{LINE}reprendre/", views.line_unignore, name="line_unignore"),
]
