"""The addresses of the foundation's gifts (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
