"""corpus room: a crawl's articles as a corpus (schema, row choice, shards, dataset card)."""
