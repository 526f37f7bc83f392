"""How the pooling changes read in the collective's log (audit.history)."""
