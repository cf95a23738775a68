"""Text measures shared by several rooms (word counts for every script)."""
