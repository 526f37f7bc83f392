"""Recruitment operations' pages (views_operations.py)."""

from django.urls import path

from . import views_operations as views

BASE = "collectifs/<slug:slug>/emploi/operations/"
ONE = f"{BASE}<int:pk>/"

urlpatterns = [
    path(BASE, views.operations, name="operations"),
    path(ONE, views.operation, name="operation"),
    path(f"{ONE}modifier/", views.operation_edit, name="operation_edit"),
    path(f"{ONE}objectifs/", views.operation_targets, name="operation_targets"),
    path(f"{ONE}export/", views.operation_export, name="operation_export"),
    path(f"{ONE}canaux/", views.channels, name="channels"),
    path(f"{ONE}canaux/<int:channel>/", views.channel, name="channel"),
    path(f"{ONE}candidats/", views.candidates, name="candidates"),
    path(f"{ONE}candidats/nouveau/", views.candidate_add, name="candidate_add"),
    path(f"{ONE}candidats/<int:candidate>/", views.candidate, name="candidate"),
]
