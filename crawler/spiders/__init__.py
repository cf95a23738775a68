"""spiders room."""
