"""The addresses of the foundation's public (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
