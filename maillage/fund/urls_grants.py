"""The addresses of the foundation's grants (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
