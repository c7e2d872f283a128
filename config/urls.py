from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.media import media_urlpatterns
from learning.views import verify_certificate_view

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("konto/", include("organisations.urls")),
    path("lernen/", include("learning.urls")),
    path("wissen/uebergaben/", include("handovers.urls")),
    path("wissen/", include("knowledge.urls")),
    # Public (no login): anyone holding a certificate can check its code.
    path("zertifikat/pruefen/", verify_certificate_view, name="verify_certificate"),
]

# The quick start (DEBUG) serves uploaded images itself; documents only through
# /dokumente/ above, where the municipality check runs.
urlpatterns += media_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]
