"""The addresses of the foundation's donors (views_donors.py)."""

from django.urls import path

from . import views_donors as views

BASE = "collectifs/<slug:slug>/fondation/"
DONORS = f"{BASE}donateurs/"

urlpatterns = [
    path(DONORS, views.donors, name="donors"),
    path(f"{DONORS}<int:pk>/", views.donor, name="donor"),
    path(f"{DONORS}<int:pk>/effacer/", views.donor_erase, name="donor_erase"),
]
