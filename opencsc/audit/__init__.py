"""Who saw and changed what: the append-only access log."""
