"""Django migrations of the store app."""
