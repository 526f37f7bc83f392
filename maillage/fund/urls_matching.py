"""The addresses of the foundation's matching (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
