"""The economics pages of shared premises (see urls.py)."""

urlpatterns = []
