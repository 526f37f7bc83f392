"""The addresses of the foundation's bank (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
