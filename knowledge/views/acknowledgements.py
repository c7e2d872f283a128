"""Views: acknowledgements (URL patterns collected by ``knowledge.urls``)."""

urlpatterns: list = []
