"""The addresses of the treasurers' pages of gifts (views_gifts.py)."""

from django.urls import path

from . import views_gifts as views

BASE = "collectifs/<slug:slug>/fondation/"
GIFTS = f"{BASE}dons/"
GIFT = f"{GIFTS}<int:pk>/"

urlpatterns = [
    path(GIFTS, views.gifts, name="gifts"),
    path(f"{GIFTS}especes/", views.cash_add, name="cash_add"),
    path(GIFT, views.gift, name="gift"),
    path(f"{GIFT}recu/", views.gift_receive, name="gift_receive"),
    path(f"{GIFT}annuler/", views.gift_cancel, name="gift_cancel"),
    path(f"{GIFT}rembourser/", views.gift_refund, name="gift_refund"),
]
