"""The sites pages of shared premises (see urls.py)."""

urlpatterns = []
