"""The API's endpoints for orientation (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
