"""The API's endpoints for projects (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
