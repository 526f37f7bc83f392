"""The addresses of the foundation's receipts and its ledger (views_receipts.py,
views_ledger.py)."""

from django.urls import path

from . import views_ledger
from . import views_receipts as views

BASE = "collectifs/<slug:slug>/fondation/"
RECEIPTS = f"{BASE}recus/"
RECEIPT = f"{RECEIPTS}<int:pk>/"

urlpatterns = [
    path(RECEIPTS, views.receipts, name="receipts"),
    path(f"{RECEIPTS}emettre/<int:gift>/", views.receipt_issue, name="receipt_issue"),
    path(f"{RECEIPTS}annee/", views.receipts_year, name="receipts_year"),
    path(RECEIPT, views.receipt, name="receipt"),
    path(f"{RECEIPT}recu.pdf", views.receipt_pdf, name="receipt_pdf"),
    path(f"{RECEIPT}annuler/", views.receipt_cancel, name="receipt_cancel"),
    path(f"{BASE}grand-livre/", views_ledger.ledger, name="ledger"),
    path(f"{BASE}grand-livre/grand-livre.csv", views_ledger.ledger_csv, name="ledger_csv"),
]
