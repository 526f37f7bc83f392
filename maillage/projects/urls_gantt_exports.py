from django.urls import path

from . import views_gantt_exports as views

PROJECT = "collectifs/<slug:slug>/chantiers/projets/<int:pk>/gantt/"
STREAM = "collectifs/<slug:slug>/chantiers/chantier/<int:pk>/gantt/"

urlpatterns = [
    path(PROJECT + "gantt.xlsx", views.gantt_xlsx, name="gantt_xlsx"),
    path(PROJECT + "gantt.pdf", views.gantt_pdf, name="gantt_pdf"),
    path(STREAM + "gantt.xlsx", views.stream_gantt_xlsx, name="stream_gantt_xlsx"),
    path(STREAM + "gantt.pdf", views.stream_gantt_pdf, name="stream_gantt_pdf"),
]
