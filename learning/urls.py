from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("quiz/<int:module_id>/", views.submit_quiz_view, name="submit_quiz"),
    path("modul/<int:module_id>/erledigt/", views.complete_module_view, name="complete_module"),
]
