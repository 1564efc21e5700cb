"""Figures of the activities app, registered on import: tallies.py and records.py."""
