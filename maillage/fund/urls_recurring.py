"""The addresses of the foundation's recurring (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
