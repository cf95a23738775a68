"""dedup room."""
