"""The addresses of the foundation's receipts (filled by that part)."""

BASE = "collectifs/<slug:slug>/fondation/"

urlpatterns = []
