"""The addresses of the foundation's campaigns (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
