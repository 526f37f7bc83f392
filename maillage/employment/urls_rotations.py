from django.urls import path

from . import views_recruiter, views_rotations

CAFE = "collectifs/<slug:slug>/emploi/cafes/<int:pk>"

urlpatterns = [
    path(f"{CAFE}/rotations/", views_rotations.rotations, name="rotations"),
    path(f"{CAFE}/rotations/tables/", views_rotations.table_sheets, name="table_sheets"),
    path(f"{CAFE}/rotations/inscrits/", views_rotations.seeker_sheets, name="seeker_sheets"),
    path(f"{CAFE}/rotations/fiches.pdf", views_rotations.sheets_pdf, name="sheets_pdf"),
    path("emploi/recruteurs/<slug:key>/", views_recruiter.recruiter_page, name="recruiter_page"),
    path(
        "emploi/recruteurs/<slug:key>/rencontres/<int:slot>/",
        views_recruiter.recruiter_outcome,
        name="meeting_outcome",
    ),
    path(
        "emploi/recruteurs/<slug:key>/inscrits/<int:seeker>/cv/",
        views_recruiter.recruiter_seeker_cv,
        name="recruiter_seeker_cv",
    ),
    path(
        "emploi/inscrits/<slug:key>/rotations/", views_recruiter.seeker_rounds, name="seeker_rounds"
    ),
]
