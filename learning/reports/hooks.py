"""Admin menu items and URLs of the reports (imported by ``learning.wagtail_hooks``)."""
