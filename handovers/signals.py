"""Start and feed handovers from what HR records about people.

Receivers on ``Employee`` make every path that saves a person (the admin, the manager
screens, the CSV import) start handovers, so no screen has to remember to:

- a leaving date newly recorded (set, or changed to another date) starts a handover
  of the person's current position (reason "Austritt"); withdrawn, it removes a
  leaving handover on which nothing was done yet;
- a change of position starts a handover of the previous position (reason
  "Stellenwechsel");
- whoever takes a position becomes the successor of its open handovers without one.

People without a position hand nothing over. A new record starts no handover even
with a leaving date: that is the end of a fixed-term contract known from the start (or
an import of former staff), not a departure being recorded; managers start one by
hand when it is time ("Übergabe starten").

The values before the save are read from the database in ``pre_save``: the instance's
own memory of them (``Employee._saved_position_id``) is reset by ``Employee.save`` and
knows nothing of the leaving date.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from learning.events import completion_recorded
from organisations.importing import staff_changed
from organisations.models import Employee, Position

from . import services
from .models import Handover, HandoverItem


@receiver(pre_save, sender=Employee, dispatch_uid="handovers_employee_before_save")
def remember_previous_state(sender, instance, raw=False, **kwargs):
    instance._handover_previous = None
    if raw or instance.pk is None:
        return
    instance._handover_previous = (
        Employee.objects.filter(pk=instance.pk).values_list("position_id", "leaving_date").first()
    )


@receiver(post_save, sender=Employee, dispatch_uid="handovers_employee_saved")
def start_handovers(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_handover_previous", None)
    old_position_id, old_leaving_date = previous or (None, None)
    leaving_recorded = bool(
        not created and instance.leaving_date and instance.leaving_date != old_leaving_date
    )
    leaving = {"reason": Handover.Reason.LEAVING, "leaving_date": instance.leaving_date}

    if old_position_id and old_position_id != instance.position_id:
        # Left the position behind: a move, or leaving with the post cleared at once.
        position = Position.objects.select_related("org_unit").filter(pk=old_position_id).first()
        if position is not None:
            if leaving_recorded:
                services.start_handover(instance, position, **leaving)
            else:
                services.start_handover(instance, position, Handover.Reason.MOVE)

    if leaving_recorded and instance.position_id:
        services.start_handover(instance, instance.position, **leaving)
    elif old_leaving_date and instance.leaving_date is None:
        services.cancel_leaving_handovers(instance)

    if instance.position_id and (created or instance.position_id != old_position_id):
        services.successor_takes_position(instance)


@receiver(completion_recorded, dispatch_uid="handovers_course_completed")
def course_completed(sender, employee, course_id, new, **kwargs):
    """A new completion, in Lernwerk or entered as external, completes the course items."""
    if new:
        services.complete_course_items(employee, course_id)


@receiver(staff_changed, dispatch_uid="handovers_staff_changed")
def start_handovers_in_bulk(sender, changes, **kwargs):
    """A staff import: the same rules as above, checked for all people at once."""
    services.start_for_staff_changes(changes)


@receiver(post_save, sender=Handover, dispatch_uid="handovers_version_handover_saved")
@receiver(post_delete, sender=Handover, dispatch_uid="handovers_version_handover_deleted")
@receiver(post_save, sender=HandoverItem, dispatch_uid="handovers_version_item_saved")
@receiver(post_delete, sender=HandoverItem, dispatch_uid="handovers_version_item_deleted")
def open_handovers_changed(sender, raw=False, **kwargs):
    """Who takes part in open handovers may have changed (``services.open_handovers``)."""
    if not raw:
        services.open_handovers_changed()
