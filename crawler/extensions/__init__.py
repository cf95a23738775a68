"""extensions room."""
