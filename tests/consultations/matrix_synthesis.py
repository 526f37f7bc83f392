"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world; build_workshop(world) gives the workshop.
"""

MATRIX = {}
PUBLIC_MATRIX = {}
