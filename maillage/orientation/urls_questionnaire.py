from django.urls import path

from . import views_questionnaire as views

P = "orientation/<slug:slug>/questionnaire/"

urlpatterns = [
    path(P, views.start, name="questionnaire"),
    path(P + "question/", views.step, name="questionnaire_step"),
    path(P + "resultat.pdf", views.pdf, name="questionnaire_pdf"),
    path(P + "envoyer/", views.email, name="questionnaire_email"),
    path(P + "code/", views.hand_over, name="questionnaire_handover"),
    path(P + "avis/", views.feedback, name="questionnaire_feedback"),
    path(
        "collectifs/<slug:slug>/orientation/questionnaire/code/",
        views.handover,
        name="handover",
    ),
]
