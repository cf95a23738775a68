"""relevance room."""
