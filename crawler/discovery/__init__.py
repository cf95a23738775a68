"""discovery room."""
