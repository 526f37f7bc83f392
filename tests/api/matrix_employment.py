"""API matrix entries (tests/api/test_api_permissions.py) for employment."""

MATRIX = {}
