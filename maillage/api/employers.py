"""The API's endpoints for employers (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
