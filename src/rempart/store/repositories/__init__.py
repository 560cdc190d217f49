"""Repositories: the only code that turns QuerySets into core values and back (store layer)."""
