"""The bookings pages of shared premises (see urls.py)."""

urlpatterns = []
