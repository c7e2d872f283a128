"""Keep obligations in step with the facts they are derived from.

People change in ``organisations`` (joining, moving, leaving, by hand or by CSV import),
completions are recorded in several places (course completion, external completion
entered by an admin); receivers here make every path update the obligations, so no
screen has to remember to. Completions become one event, ``events.completion_recorded``,
which the obligations here and the handovers above listen to.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from organisations.importing import staff_changed
from organisations.models import Employee

from . import obligations
from .events import completion_recorded
from .models import CourseCompletion, Exemption, ExternalCompletion


@receiver(post_save, sender=Employee, dispatch_uid="learning_sync_employee")
def employee_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        obligations.sync_employee(instance)


@receiver(post_save, sender=CourseCompletion, dispatch_uid="learning_course_completed")
def course_completed(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.course_id is None:
        return
    employee = Employee.objects.filter(user_id=instance.user_id).first()
    if employee is not None:
        completion_recorded.send(
            sender=CourseCompletion,
            employee=employee,
            course_id=instance.course_id,
            completed_on=instance.completed_at.date(),
            new=True,
        )


@receiver(post_save, sender=ExternalCompletion, dispatch_uid="learning_external_saved")
def external_completion_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        completion_recorded.send(
            sender=ExternalCompletion,
            employee=instance.employee,
            course_id=instance.course_id,
            completed_on=instance.completed_on,
            new=created,
        )


@receiver(post_delete, sender=ExternalCompletion, dispatch_uid="learning_external_deleted")
def external_completion_deleted(sender, instance, **kwargs):
    completion_recorded.send(
        sender=ExternalCompletion,
        employee=instance.employee,
        course_id=instance.course_id,
        completed_on=None,
        new=False,
    )


@receiver(completion_recorded, dispatch_uid="learning_obligations_follow_completions")
def obligations_follow_completions(sender, employee, course_id, **kwargs):
    """The newest completion decides an obligation's state and validity."""
    obligations.refresh_completion(employee, course_id)


@receiver(post_save, sender=Exemption, dispatch_uid="learning_exemption_saved")
@receiver(post_delete, sender=Exemption, dispatch_uid="learning_exemption_deleted")
def exemption_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        obligations.refresh_exemptions(instance.employee)


@receiver(staff_changed, dispatch_uid="learning_sync_staff")
def staff_changed_in_bulk(sender, changes, **kwargs):
    """A staff import: one set-based sync instead of one per person (see above)."""
    obligations.sync_employees(changes.employee_ids)
