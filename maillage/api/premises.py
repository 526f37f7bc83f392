"""The API's endpoints for premises (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
