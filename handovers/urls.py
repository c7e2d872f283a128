"""URLs under ``/wissen/uebergaben/``: the addresses handovers had while they were part
of ``knowledge``, so links in mails and bookmarks keep working."""

from django.urls import path

from . import views

app_name = "handovers"

urlpatterns = [
    path("", views.handover_list_view, name="list"),
    path("starten/", views.handover_start_view, name="start"),
    path("<int:pk>/", views.handover_detail_view, name="detail"),
    path("<int:pk>/pdf/", views.handover_pdf_view, name="pdf"),
    path("<int:pk>/nachfolge/", views.handover_successor_view, name="successor"),
    path("punkte/<int:pk>/erledigt/", views.item_complete_view, name="item_complete"),
    path("punkte/<int:pk>/wieder-offen/", views.item_reopen_view, name="item_reopen"),
    path("punkte/<int:pk>/hinweise/", views.item_notes_view, name="item_notes"),
    path("punkte/<int:pk>/zuweisen/", views.item_assign_view, name="item_assign"),
]
