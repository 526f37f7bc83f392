"""The addresses the payment provider sends the donor back to, and calls (views_provider.py)."""

from django.urls import path

from . import views_provider as views

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = [
    path(f"{BASE}paiement/retour/<str:key>/", views.provider_return, name="provider_return"),
    path(f"{BASE}paiement/notification/", views.provider_webhook, name="provider_webhook"),
]
