"""Record module visits as pages are served."""

from wagtail import hooks

from courses.models import ModulePage

from .progress import record_visit


@hooks.register("before_serve_page", order=100)
def record_module_visit(page, request, serve_args, serve_kwargs):
    """Opening a module marks it in progress. Runs after the login and tenancy checks
    (``organisations``), so only pages the reader may see are recorded; previews and
    HEAD requests are not visits."""
    if (
        isinstance(page, ModulePage)
        and request.method == "GET"
        and request.user.is_authenticated
        and not getattr(request, "is_preview", False)
    ):
        record_visit(request.user, page)


# The reports register their menu items and URLs in their own module.
from .reports import hooks as _report_hooks  # noqa: E402, F401

# Admin screens for mandatory training ("Pflichtschulungen", learning.viewsets). Imported
# with the module, so their permission policies are registered before anything asks.
from .viewsets import mandatory_training_viewset_group  # noqa: E402


@hooks.register("register_admin_viewset")
def register_mandatory_training_viewsets():
    return mandatory_training_viewset_group
