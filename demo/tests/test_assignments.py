"""The demo's mandatory training: every state on the day of loading, a manager with
overdue staff, and loading twice changes nothing."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.test import TestCase
from django.urls import reverse

from demo.assignments import DEMO_ASSIGNMENTS
from learning.models import (
    Assignment,
    CourseCompletion,
    Exemption,
    ExternalCompletion,
    Obligation,
    ObligationState,
)
from learning.rules import obligation_state, state_conditions

User = get_user_model()


def load_demo_data() -> str:
    output = StringIO()
    call_command("load_demo_data", "--allow-production", stdout=output)
    return output.getvalue()


def states_by_municipality() -> dict[str, dict[str, int]]:
    figures: dict[str, dict[str, int]] = {}
    for obligation in Obligation.objects.current().select_related("municipality"):
        by_state = figures.setdefault(obligation.municipality.slug, {})
        state = obligation_state(obligation)
        by_state[state] = by_state.get(state, 0) + 1
    return figures


class DemoAssignmentsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo_data()

    def test_every_assignment_of_the_tables_is_loaded(self):
        self.assertEqual(Assignment.objects.count(), len(DEMO_ASSIGNMENTS))
        self.assertIn("Pflichtschulungen: 6 Zuweisungen", self.output)
        self.assertFalse(Assignment.objects.filter(obligations__isnull=True).exists())

    def test_demo_shows_done_open_due_soon_overdue_and_exempt(self):
        states = {obligation_state(o) for o in Obligation.objects.current()}
        self.assertTrue(
            {
                ObligationState.DONE,
                ObligationState.OPEN,
                ObligationState.DUE_SOON,
                ObligationState.OVERDUE,
                ObligationState.EXEMPT,
            }
            <= states,
            states,
        )

    def test_each_municipality_has_done_and_pending_staff(self):
        figures = states_by_municipality()
        self.assertEqual(set(figures), {"blomberg", "luegde", "kalletal"})
        self.assertEqual(
            figures["blomberg"],
            {"done": 12, "overdue": 5, "due_soon": 5, "open": 2, "exempt": 1},
        )
        self.assertEqual(figures["luegde"], {"done": 5, "overdue": 3})
        self.assertEqual(figures["kalletal"], {"done": 4, "due_soon": 4, "open": 2})

    def test_completions_are_recorded_as_learning_would_and_dated_back(self):
        thomas = User.objects.get(username="fuehrungskraft")
        completion = CourseCompletion.objects.get(
            user=thomas, course_title="IT-Sicherheit im Verwaltungsalltag: Phishing erkennen"
        )
        self.assertTrue(completion.quizzes_passed)
        obligation = Obligation.objects.get(
            employee__user=thomas, course=completion.course, assignment__target="municipality"
        )
        self.assertEqual(obligation.completed_on, completion.completed_at.date())
        self.assertLess(obligation.assigned_on, obligation.completed_on)
        self.assertEqual(obligation.valid_until.year, obligation.completed_on.year + 1)
        # Erika's only completion is still the one of the learning progress demo.
        erika = User.objects.get(username="beschaeftigte")
        self.assertEqual(CourseCompletion.objects.filter(user=erika).count(), 1)

    def test_external_completion_and_parental_leave_count(self):
        external = ExternalCompletion.objects.get(employee__user__last_name="Richter")
        obligation = Obligation.objects.get(employee=external.employee, course=external.course)
        self.assertEqual(obligation_state(obligation), ObligationState.DONE)
        leave = Exemption.objects.get()
        self.assertEqual(leave.get_reason_display(), "Elternzeit")
        self.assertEqual(
            {obligation_state(o) for o in leave.employee.obligations.all()},
            {ObligationState.EXEMPT},
        )

    def test_demo_manager_sees_units_with_overdue_staff(self):
        manager = User.objects.get(username="fuehrungskraft")
        overdue = (
            Obligation.objects.visible_to(manager)
            .current()
            .filter(state_conditions()[ObligationState.OVERDUE])
        )
        units = set(overdue.values_list("org_unit__name", flat=True))
        self.assertEqual(units, {"Bürgerbüro", "Ordnungsamt"})
        self.assertEqual(overdue.count(), 3)

    def test_demo_manager_lists_the_assignments_of_their_department(self):
        self.client.force_login(User.objects.get(username="fuehrungskraft"))
        response = self.client.get(reverse("assignment:index"))
        self.assertEqual(response.status_code, 200)
        titles = {a.course.title for a in response.context["object_list"]}
        self.assertEqual(
            titles,
            {
                "Digital arbeiten mit der E-Akte",
                "Neu im Bürgerbüro Blomberg: Fachverfahren und Abläufe",
            },
        )

    def test_demo_backlog_of_mails_counts_as_sent(self):
        self.assertFalse(Obligation.objects.filter(assigned_mail_sent_at__isnull=True).exists())
        overdue = Obligation.objects.filter(state_conditions()[ObligationState.OVERDUE])
        self.assertFalse(overdue.exclude(overdue_mail_sent_for=F("due_date")).exists())

    def test_loading_again_changes_nothing(self):
        counts = (
            Assignment.objects.count(),
            Obligation.objects.count(),
            CourseCompletion.objects.count(),
            ExternalCompletion.objects.count(),
            Exemption.objects.count(),
        )
        before = list(Obligation.objects.order_by("pk").values())
        output = load_demo_data()
        self.assertIn("bereits vorhanden", output)
        self.assertEqual(
            counts,
            (
                Assignment.objects.count(),
                Obligation.objects.count(),
                CourseCompletion.objects.count(),
                ExternalCompletion.objects.count(),
                Exemption.objects.count(),
            ),
        )
        self.assertEqual(before, list(Obligation.objects.order_by("pk").values()))
