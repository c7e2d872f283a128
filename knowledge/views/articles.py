"""Views: articles (URL patterns collected by ``knowledge.urls``)."""

urlpatterns: list = []
