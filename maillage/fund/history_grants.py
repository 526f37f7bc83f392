"""How the foundation's grants changes read in the collective's log (audit.history)."""
