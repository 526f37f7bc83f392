"""Staff lending, skills sponsorship and the feasibility report (views_agreements.py,
views_report.py)."""

from django.urls import path

from . import views_agreements as views
from . import views_report

BASE = "collectifs/<slug:slug>/groupement/"
LENDINGS = f"{BASE}prets/"
LENDING = f"{LENDINGS}<int:pk>/"
OFFERS = f"{BASE}mecenat/"
OFFER = f"{OFFERS}<int:pk>/"

urlpatterns = [
    path(LENDINGS, views.lendings, name="lendings"),
    path(f"{LENDINGS}nouveau/", views.lending_add, name="lending_add"),
    path(LENDING, views.lending, name="lending"),
    path(f"{LENDING}modifier/", views.lending_edit, name="lending_edit"),
    path(f"{LENDING}signer/", views.lending_sign, name="lending_sign"),
    path(f"{LENDING}terminer/", views.lending_end, name="lending_end"),
    path(OFFERS, views.sponsorships, name="sponsorships"),
    path(f"{OFFERS}nouvelle/", views.sponsorship_add, name="sponsorship_add"),
    path(f"{OFFER}modifier/", views.sponsorship_edit, name="sponsorship_edit"),
    path(f"{OFFER}attribuer/", views.sponsorship_assign, name="sponsorship_assign"),
    path(f"{OFFER}cloturer/", views.sponsorship_close, name="sponsorship_close"),
    path(f"{BASE}etude/", views_report.report, name="report"),
    path(f"{BASE}etude/etude.docx", views_report.report_docx, name="report_docx"),
    path(f"{BASE}etude/etude.pdf", views_report.report_pdf, name="report_pdf"),
]
