"""URLs under /wissen/: compare, acknowledgements, reviews, PDFs."""

from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("vergleich/<str:leika_key>/", views.compare_view, name="compare"),
    path("artikel/<int:pk>/pdf/", views.article_pdf_view, name="article_pdf"),
    path("artikel/<int:article_id>/kenntnisnahme/", views.acknowledge_view, name="acknowledge"),
    path("artikel/<int:article_id>/geprueft/", views.mark_reviewed_view, name="mark_reviewed"),
]
