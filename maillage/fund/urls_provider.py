"""The addresses of the foundation's provider (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
