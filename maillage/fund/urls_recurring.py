"""The addresses of standing orders and round-up programmes (views_recurring.py)."""

from django.urls import path

from . import views_recurring as views

BASE = "collectifs/<slug:slug>/fondation/"
MONTHLY = f"{BASE}dons-mensuels/"
ROUND_UPS = f"{BASE}arrondis/"
ROUND_UP = f"{ROUND_UPS}<int:pk>/"

urlpatterns = [
    path(f"{BASE}donner-chaque-mois/", views.give_monthly, name="give_monthly"),
    path(MONTHLY, views.monthlies, name="monthlies"),
    path(f"{MONTHLY}<int:pk>/terminer/", views.monthly_end, name="monthly_end"),
    path(f"{MONTHLY}ordre/<str:key>/", views.monthly, name="monthly"),
    path(ROUND_UPS, views.round_ups, name="round_ups"),
    path(f"{ROUND_UPS}nouveau/", views.round_up_add, name="round_up_add"),
    path(ROUND_UP, views.round_up, name="round_up"),
    path(f"{ROUND_UP}declarer/", views.round_up_report, name="round_up_report"),
    path(f"{ROUND_UP}terminer/", views.round_up_end, name="round_up_end"),
]
