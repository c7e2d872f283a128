from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("quiz/<int:module_id>/", views.submit_quiz_view, name="submit_quiz"),
    path("modul/<int:module_id>/erledigt/", views.complete_module_view, name="complete_module"),
    path("kurs/<int:course_id>/wiederholen/", views.restart_course_view, name="restart_course"),
    path("zertifikat/<int:pk>/", views.certificate_view, name="certificate"),
    path("meine-daten/csv/", views.export_csv_view, name="export_csv"),
    path("meine-daten/json/", views.export_json_view, name="export_json"),
]
