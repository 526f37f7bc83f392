"""The requests pages of shared premises (see urls.py)."""

urlpatterns = []
