"""How the foundation's campaigns changes read in the collective's log (audit.history)."""
