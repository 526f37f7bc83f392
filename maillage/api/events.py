"""The API's endpoints for events (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
