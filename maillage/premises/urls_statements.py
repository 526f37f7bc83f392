"""The statements pages of shared premises (see urls.py)."""

urlpatterns = []
