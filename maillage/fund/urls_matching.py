"""The addresses of the foundation's matching funds (views_matching.py)."""

from django.urls import path

from . import views_matching as views

BASE = "collectifs/<slug:slug>/fondation/"
FUNDS = f"{BASE}abondements/"
FUND = f"{FUNDS}<int:pk>/"

urlpatterns = [
    path(FUNDS, views.matching_funds, name="matching_funds"),
    path(f"{FUNDS}nouveau/", views.matching_add, name="matching_add"),
    path(FUND, views.matching, name="matching"),
    path(f"{FUND}modifier/", views.matching_edit, name="matching_edit"),
    path(f"{FUND}terminer/", views.matching_end, name="matching_end"),
    path(f"{FUND}versement/", views.funder_payment, name="funder_payment"),
]
