"""The API's endpoints for actions (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
