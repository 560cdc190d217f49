"""API request and response schemas (never ORM or core classes directly)."""
