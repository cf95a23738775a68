"""extraction room."""
