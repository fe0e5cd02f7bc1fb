"""Storage: SQLAlchemy models, the session factory and data functions."""
