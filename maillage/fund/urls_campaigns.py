"""The addresses of the foundation's home, settings and campaigns (views_campaigns.py)."""

from django.urls import path

from . import views_campaigns as views

BASE = "collectifs/<slug:slug>/fondation/"
CAMPAIGNS = f"{BASE}campagnes/"
CAMPAIGN = f"{CAMPAIGNS}<int:pk>/"

urlpatterns = [
    path(BASE, views.home, name="home"),
    path(f"{BASE}creer/", views.create, name="create"),
    path(f"{BASE}reglages/", views.settings, name="settings"),
    path(CAMPAIGNS, views.campaigns, name="campaigns"),
    path(f"{CAMPAIGNS}nouvelle/", views.campaign_add, name="campaign_add"),
    path(f"{CAMPAIGN}modifier/", views.campaign_edit, name="campaign_edit"),
    path(f"{CAMPAIGN}ouvrir/", views.campaign_open, name="campaign_open"),
    path(f"{CAMPAIGN}cloturer/", views.campaign_close, name="campaign_close"),
    path(f"{CAMPAIGN}actualites/nouvelle/", views.news_add, name="news_add"),
]
