"""The tenancy pages of shared premises (see urls.py)."""

urlpatterns = []
