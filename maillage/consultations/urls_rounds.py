from django.urls import path  # noqa: F401

# Included by urls.py inside the "consultations" namespace.
urlpatterns = []
