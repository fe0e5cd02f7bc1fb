"""Safety: crisis detection and what protects a person's privacy."""
