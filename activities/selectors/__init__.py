"""Reads of the activities app: tallies.py (periodic tallies), records.py (agreements, inspections, documents)."""
