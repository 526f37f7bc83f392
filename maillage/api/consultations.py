"""The API's endpoints for consultations (routes under /api/v1/collectives/{slug}/…)."""

ROUTES = []
