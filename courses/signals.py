"""Keep a course's estimated duration in step with its published modules."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.tree import parent_path

from .models import CoursePage, ModulePage


def _refresh_course_of(module):
    course = CoursePage.objects.parent_of(module).first()
    if course is not None:
        course.refresh_duration()


@receiver(page_published, sender=ModulePage)
@receiver(page_unpublished, sender=ModulePage)
def module_changed(sender, instance, **kwargs):
    _refresh_course_of(instance)


@receiver(post_delete, sender=ModulePage)
def module_deleted(sender, instance, **kwargs):
    course = CoursePage.objects.filter(path=parent_path(instance.path)).first()
    if course is not None:
        course.refresh_duration()


@receiver(post_page_move, sender=ModulePage)
def module_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A module moved to another course changes the duration of both."""
    for course in CoursePage.objects.filter(pk__in={parent_page_before.pk, parent_page_after.pk}):
        course.refresh_duration()
