"""Demo data of the activities app: tallies.py and records.py."""
