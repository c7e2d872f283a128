"""URLs under /wissen/: compare, acknowledgements, reviews, PDFs."""

from .views import acknowledgements, articles

app_name = "knowledge"

urlpatterns = articles.urlpatterns + acknowledgements.urlpatterns
