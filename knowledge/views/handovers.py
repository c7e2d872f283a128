"""Views: handovers (URL patterns collected by ``knowledge.urls``)."""

urlpatterns: list = []
