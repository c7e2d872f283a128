"""What learning announces to the apps above it, so they need not watch its models.

``completion_recorded`` is the one event for "this person's record of a course
changed": a course completed in Lernwerk, an external completion entered, changed or
withdrawn by an admin. It carries the employee, looked up once here; obligations
(``learning.signals``) and handovers listen to it.
"""

from django.dispatch import Signal

#: Sent with ``employee``, ``course_id``, ``completed_on`` (None when an external
#: completion was withdrawn) and ``new`` (True for a completion not recorded before).
completion_recorded = Signal()
