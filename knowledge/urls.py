"""URLs under /wissen/: compare, acknowledgements, reviews, PDFs, handovers."""

from .views import acknowledgements, articles, handovers

app_name = "knowledge"

urlpatterns = articles.urlpatterns + acknowledgements.urlpatterns + handovers.urlpatterns
