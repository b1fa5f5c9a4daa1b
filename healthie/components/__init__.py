"""spaCy components of the healthie pipeline, one a module (registered through entry points)."""
