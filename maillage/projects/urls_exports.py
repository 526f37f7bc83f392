from django.urls import path

from . import views_exports

BASE = "collectifs/<slug:slug>/chantiers/"

urlpatterns = [
    path(BASE + "frise/", views_exports.timeline, name="timeline"),
    path(BASE + "export/tableau.xlsx", views_exports.export_xlsx, name="export_xlsx"),
    path(BASE + "export/tableau.csv", views_exports.export_csv, name="export_csv"),
    path(BASE + "export/tableau.docx", views_exports.export_docx, name="export_docx"),
]
