"""The demo courses a tester clicks through: shared courses, a Blomberg course, catalogues.

The content is meant to be read by clerks, so these tests hold it to what a trainer
promises: every course has modules of the right size and a quiz whose answers make
sense, every page renders, and Blomberg's own course stays Blomberg's.
"""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

from courses.blocks import ModuleBodyBlock
from courses.models import CourseIndexPage, CoursePage, ModulePage
from demo.courses import SHARED_COURSES, demo_courses_exist
from demo.management.commands.load_demo_data import ALREADY_LOADED
from demo.organisations import load_organisations
from organisations.models import Employee, Municipality, SectionPage
from organisations.tenancy import pages_visible_to

User = get_user_model()
BLOMBERG_COURSE = "Neu im Bürgerbüro Blomberg: Fachverfahren und Abläufe"


def load_demo_data() -> str:
    output = StringIO()
    call_command("load_demo_data", "--allow-production", stdout=output)
    return output.getvalue()


def record_counts() -> dict[str, int]:
    models = (User, Employee, Page, CoursePage, ModulePage, Revision, PageLogEntry)
    counts = {model.__name__: model.objects.count() for model in models}
    counts["Image"] = get_image_model().objects.count()
    return counts


def questions_of(module: ModulePage) -> list:
    """The quiz questions of a module as StreamField children (``block_type``, ``value``)."""
    return list(module.quiz.value["questions"]) if module.quiz else []


class DemoCoursesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo_data()
        cls.shared = SectionPage.objects.get(municipality__isnull=True)
        cls.shared_courses = list(
            CoursePage.objects.descendant_of(cls.shared).live().order_by("path")
        )
        cls.blomberg_course = CoursePage.objects.get(title=BLOMBERG_COURSE)
        cls.clerk = User.objects.get(username="beschaeftigte")  # Blomberg
        cls.stranger = User.objects.get(username="beschaeftigte2")  # Lügde

    def all_courses(self) -> list[CoursePage]:
        return [*self.shared_courses, self.blomberg_course]

    def test_shared_catalogue_offers_the_five_courses_with_three_to_six_live_modules(self):
        catalogue = CourseIndexPage.objects.child_of(self.shared).get()
        self.assertEqual(catalogue.title, "Kurskatalog")
        self.assertTrue(catalogue.live and catalogue.intro)
        self.assertEqual(
            [course.title for course in self.shared_courses],
            [course.title for course in SHARED_COURSES],
        )
        for course in self.all_courses():
            with self.subTest(course.title):
                self.assertTrue(3 <= course.modules().count() <= 6)
                self.assertFalse(ModulePage.objects.child_of(course).not_live().exists())

    def test_every_demo_municipality_has_its_own_catalogue(self):
        titles = {
            municipality.slug: CourseIndexPage.objects.child_of(municipality.section).get().title
            for municipality in Municipality.objects.all()
        }
        self.assertEqual(
            titles,
            {
                "blomberg": "Kurse der Stadt Blomberg",
                "luegde": "Kurse der Stadt Lügde",
                "kalletal": "Kurse der Gemeinde Kalletal",
            },
        )
        blomberg = Municipality.objects.get(slug="blomberg")
        self.assertEqual(
            self.blomberg_course.get_parent().get_parent().specific.municipality, blomberg
        )

    def test_courses_describe_themselves_for_the_catalogue(self):
        for course in self.all_courses():
            with self.subTest(course.title):
                self.assertTrue(course.teaser and course.target_group)
                self.assertTrue(course.objectives.startswith("<ul><li>"))
                self.assertGreaterEqual(course.tags.count(), 2)
        prerequisites = {
            course.slug: {p.slug for p in course.prerequisites.all()}
            for course in self.all_courses()
        }
        self.assertEqual(prerequisites["ozg-2-0"], {"e-akte", "datenschutz-am-arbeitsplatz"})
        self.assertEqual(
            prerequisites["neu-im-buergerbuero"],
            {"datenschutz-am-arbeitsplatz", "phishing-erkennen"},
        )

    def test_course_duration_is_the_sum_of_its_published_modules(self):
        for course in self.all_courses():
            with self.subTest(course.title):
                minutes = sum(module.estimated_minutes for module in course.modules())
                self.assertGreater(course.duration_minutes, 0)
                self.assertEqual(course.duration_minutes, minutes)

    def test_every_course_has_a_quiz_mixing_the_three_kinds_of_question(self):
        for course in self.all_courses():
            with self.subTest(course.title):
                quizzes = [module for module in course.modules().specific() if module.quiz]
                self.assertTrue(quizzes)
                for module in quizzes:
                    kinds = [question.block_type for question in questions_of(module)]
                    self.assertTrue(3 <= len(kinds) <= 6, module.title)
                    self.assertEqual(set(kinds), {"single", "multiple", "true_false"}, module.title)

    def test_single_choice_questions_have_exactly_one_right_answer(self):
        checked = 0
        for module in ModulePage.objects.live().specific():
            for question in questions_of(module):
                answers = question.value.get("answers", [])
                right = sum(1 for answer in answers if answer["correct"])
                with self.subTest(question.value["question"]):
                    if question.block_type == "single":
                        checked += 1
                        self.assertEqual(right, 1)
                    elif question.block_type == "multiple":
                        self.assertTrue(0 < right < len(answers))
        self.assertGreaterEqual(checked, 6)

    def test_every_question_explains_itself_and_gives_feedback_on_wrong_answers(self):
        for module in ModulePage.objects.live().specific():
            for question in questions_of(module):
                with self.subTest(question.value["question"]):
                    self.assertTrue(str(question.value["explanation"]).strip())
                    options = question.block.answer_options(question.value)
                    wrong_feedback = [fb for _id, _text, right, fb in options if not right]
                    self.assertTrue(any(wrong_feedback))

    def test_completion_rule_follows_the_quiz_and_some_modules_are_optional(self):
        for module in ModulePage.objects.live().specific():
            with self.subTest(module.title):
                expected = "quiz" if module.quiz else "read"
                self.assertEqual(module.completion_rule, expected)
                self.assertTrue(module.summary and module.estimated_minutes > 0)
        self.assertGreaterEqual(ModulePage.objects.filter(optional=True).count(), 3)

    def test_module_bodies_pass_the_validation_trainers_get_in_the_admin(self):
        block = ModuleBodyBlock()
        for module in ModulePage.objects.live().specific():
            with self.subTest(module.title):
                block.clean(module.body)
                kinds = {child.block_type for child in module.body}
                self.assertIn("text", kinds)
                self.assertIn("heading", kinds)

    def test_the_diagram_is_a_shared_image_with_alternative_text(self):
        image = get_image_model().objects.get()
        self.assertEqual(image.collection.name, "Gemeinsamer Bereich")
        self.assertGreater(image.width, 0)
        uses = [
            child.value["image"]
            for module in ModulePage.objects.live().specific()
            for child in module.body
            if child.block_type == "image"
        ]
        self.assertTrue(uses)
        for used in uses:
            self.assertEqual(used.pk, image.pk)
            self.assertIn("Gateway", used.contextual_alt_text)

    def test_blomberg_course_is_only_visible_to_blomberg_staff(self):
        courses = CoursePage.objects.live()
        kalletal = Employee.objects.filter(municipality__slug="kalletal").first().user
        self.assertIn(self.blomberg_course, pages_visible_to(courses, self.clerk))
        for user in (self.stranger, kalletal):
            with self.subTest(user.username):
                visible = pages_visible_to(courses, user)
                self.assertNotIn(self.blomberg_course, visible)
                self.assertEqual(set(visible), set(self.shared_courses))
        self.assertEqual(
            pages_visible_to(self.blomberg_course.get_children(), self.stranger).count(), 0
        )

    def test_every_course_and_module_renders_for_blomberg_staff(self):
        pages = Page.objects.descendant_of(self.shared).type(CoursePage, ModulePage).live()
        pages = [*pages, *self.blomberg_course.get_descendants(inclusive=True).live()]
        self.client.force_login(self.clerk)
        for page in pages:
            with self.subTest(page.url_path):
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, page.title)

    def test_the_summary_reports_what_was_loaded(self):
        self.assertIn("Demo-Kurse geladen: 4 Kurskataloge, 6 Kurse mit", self.output)
        self.assertIn(BLOMBERG_COURSE, self.output)

    def test_second_run_changes_nothing(self):
        before = record_counts()
        output = load_demo_data()
        self.assertEqual(output.strip(), ALREADY_LOADED)
        self.assertEqual(record_counts(), before)


class DemoCoursesLaterTests(TestCase):
    """A database that got the organisations demo before there were demo courses."""

    @classmethod
    def setUpTestData(cls):
        load_organisations()

    def test_next_run_adds_the_courses_and_leaves_the_people_alone(self):
        self.assertFalse(demo_courses_exist())
        people = list(User.objects.order_by("pk").values_list("username", "password"))

        output = load_demo_data()

        self.assertIn("Demo-Kurse ergänzt", output)
        self.assertIn("bereits vorhanden", output)
        self.assertNotIn("Anmeldungen, alle mit dem Passwort", output)
        self.assertTrue(demo_courses_exist())
        self.assertEqual(CoursePage.objects.live().count(), 6)
        self.assertEqual(CourseIndexPage.objects.count(), 4)
        self.assertEqual(
            list(User.objects.order_by("pk").values_list("username", "password")), people
        )
        self.assertEqual(CoursePage.objects.first().owner.username, "trainerin")

        self.assertEqual(load_demo_data().strip(), ALREADY_LOADED)
