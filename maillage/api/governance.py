"""The API's endpoints for governance (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
