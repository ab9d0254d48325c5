"""TODO stage."""
