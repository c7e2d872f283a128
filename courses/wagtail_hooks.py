"""Admin rules for course pages that page permissions alone cannot express."""

from wagtail import hooks
from wagtail.admin.auth import permission_denied

from .models import CourseIndexPage


@hooks.register("before_create_page")
def only_redaktion_creates_catalogues(request, parent_page, page_class):
    """A section's catalogue is structure, not content: the Redaktion sets it up."""
    if issubclass(page_class, CourseIndexPage):
        if not parent_page.permissions_for_user(request.user).can_publish():
            return permission_denied(request)
    return None
