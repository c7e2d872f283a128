"""Tests that cross apps: the browser journeys live in ``tests/browser/``."""
