"""Topic news crawler: find, extract, filter and deduplicate articles on a topic."""
