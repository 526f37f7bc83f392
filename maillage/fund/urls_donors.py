"""The addresses of the foundation's donors (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
