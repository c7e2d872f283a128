"""Views of process knowledge, one module per concern; each lists its own URL patterns."""
