"""Journeys through the real front end in headless Chromium, with axe-core on every page.

Fixtures come from the root ``conftest.py``; helpers from ``tests.browser.helpers``.
"""
