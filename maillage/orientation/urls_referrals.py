"""Referrals' pages (views_referrals.py), under the collective's orientation."""

from django.urls import path

from . import views_referrals as views

BASE = "collectifs/<slug:slug>/orientation/orientations/"

urlpatterns = [
    path(BASE, views.referrals, name="referrals"),
    path(f"{BASE}chiffres/", views.counts, name="referral_counts"),
    path(f"{BASE}nouvelle/<uuid:offer>/", views.send, name="referral_send"),
    path(f"{BASE}<uuid:uuid>/", views.referral, name="referral"),
    path(f"{BASE}<uuid:uuid>/document/", views.document, name="referral_document"),
    path(
        f"{BASE}<uuid:uuid>/accepter/",
        views.decide,
        {"decision": "accept"},
        name="referral_accept",
    ),
    path(
        f"{BASE}<uuid:uuid>/refuser/",
        views.decide,
        {"decision": "refuse"},
        name="referral_refuse",
    ),
    path(
        f"{BASE}<uuid:uuid>/annuler/",
        views.decide,
        {"decision": "cancel"},
        name="referral_cancel",
    ),
    path(
        f"{BASE}<uuid:uuid>/clore/",
        views.decide,
        {"decision": "close"},
        name="referral_close",
    ),
]
