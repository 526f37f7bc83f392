"""The API's endpoints for employment (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
