"""The API's endpoints for fund (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
