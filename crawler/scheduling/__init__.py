"""Scheduling: the durable frontier scheduler and its revisit policy."""
