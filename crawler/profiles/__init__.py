"""Built-in topic profiles (TOML)."""
