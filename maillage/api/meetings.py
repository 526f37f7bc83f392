"""The API's endpoints for meetings (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
