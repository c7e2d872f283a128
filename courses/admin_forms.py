"""The trainer's form of a course page in the Wagtail admin (``CoursePage.base_form_class``).

The front end's forms (the catalogue's search and filters) are in ``courses.forms``.
This module must not import ``courses.models`` at import time: the model names this
form as its ``base_form_class``.
"""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from organisations.tenancy import pages_visible_to


class CoursePageForm(WagtailAdminPageForm):
    """Prerequisites can only be courses the trainer may see (shared or their own)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("prerequisites")
        if field is not None and for_user is not None:
            # All courses: the field's own queryset, as the model is not imported here.
            choices = pages_visible_to(field.queryset, for_user).defer_streamfields()
            if self.instance.pk:
                choices = choices.exclude(pk=self.instance.pk)
            field.queryset = choices.order_by("title")
