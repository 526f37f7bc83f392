"""How the foundation's matching changes read in the collective's log (audit.history)."""
