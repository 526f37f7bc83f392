"""The prices and statements pages of shared premises (see urls.py)."""

from django.urls import path

from . import views_statements as views

SITE = "collectifs/<slug:slug>/locaux/<slug:site>/"

urlpatterns = [
    path(SITE + "tarifs/", views.prices, name="prices"),
    path(SITE + "tarifs/services/", views.price_service, name="price_service"),
    path(SITE + "tarifs/abonnements/", views.service_subscribe, name="service_subscribe"),
    path(
        SITE + "tarifs/abonnements/<int:pk>/retirer/",
        views.service_unsubscribe,
        name="service_unsubscribe",
    ),
    path(SITE + "decomptes/", views.statements, name="statements"),
    path(SITE + "decomptes/emettre/", views.statements_issue, name="statements_issue"),
    path(SITE + "decomptes/les-miens/", views.statements_mine, name="statements_mine"),
    path(SITE + "decomptes/<int:pk>/", views.statement, name="statement"),
    path(SITE + "decomptes/<int:pk>/pdf/", views.statement_pdf, name="statement_pdf"),
    path(SITE + "decomptes/<int:pk>/csv/", views.statement_csv, name="statement_csv"),
    path(SITE + "decomptes/<int:pk>/avoir/", views.statement_credit, name="statement_credit"),
    path(SITE + "decomptes/<int:pk>/paye/", views.statement_paid, name="statement_paid"),
]
