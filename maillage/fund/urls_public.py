"""The addresses of the foundation's pages for everyone (views_public.py): a campaign's
page and its gift form, the donor's page and QR code by their secret key, and the
transparency page."""

from django.urls import path

from . import views_public as views

BASE = "collectifs/<slug:slug>/fondation/"
CAMPAIGN = f"{BASE}campagnes/<int:pk>/"

urlpatterns = [
    path(CAMPAIGN, views.campaign, name="campaign"),
    path(f"{CAMPAIGN}donner/", views.give, name="give"),
    path(f"{BASE}transparence/", views.transparency, name="transparency"),
    path("dons/<str:key>/", views.pledge, name="pledge"),
    path("dons/<str:key>/qr.svg", views.pledge_qr, name="pledge_qr"),
]
