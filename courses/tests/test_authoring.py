"""Trainers author courses and modules in the admin, in their own municipality's section only."""

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import CourseIndexPage, CoursePage, ModulePage
from home.models import HomePage
from organisations.models import SectionPage
from organisations.roles import Role
from organisations.tests.factories import make_employee, make_municipality

from .factories import make_course, make_course_index, section_of


def list_block(items: list[dict]) -> dict:
    """ListBlock form data: like ``streamfield`` but the items have no block type."""
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def quiz_form_value(pass_mark: str = "80") -> dict:
    return {
        "title": "Wissenstest",
        "intro": rich_text(""),
        "pass_mark": pass_mark,
        "questions": streamfield(
            [
                (
                    "single",
                    {
                        "question": "Wo liegen die Dokumente eines Vorgangs?",
                        "explanation": rich_text("<p>In der E-Akte.</p>"),
                        "answers": list_block(
                            [
                                {"text": "In der E-Akte", "correct": "on", "feedback": ""},
                                {"text": "Im Keller", "feedback": "Leider nein."},
                            ]
                        ),
                    },
                ),
                (
                    "true_false",
                    {
                        "question": "Akten dürfen sofort vernichtet werden.",
                        "explanation": rich_text(""),
                        "feedback_true": "",
                        "feedback_false": "",
                    },
                ),
            ]
        ),
    }


def course_form_data(title: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "teaser": "Wie die elektronische Akte den Arbeitsalltag verändert.",
            "objectives": rich_text("<ul><li>Sie legen eine E-Akte an.</li></ul>"),
            "target_group": "Sachbearbeitende",
            "level": "basic",
            "tags": "E-Akte, Schriftgut",
            "cover_image": "",
            "cover_image_alt": "",
            "comments": inline_formset([]),
        }
    )


def module_form_data(title: str, body: list) -> dict:
    return nested_form_data(
        {
            "title": title,
            "summary": "Das Aktenzeichen und seine Teile.",
            "estimated_minutes": "15",
            "completion_rule": "quiz",
            "body": streamfield(body),
            "comments": inline_formset([]),
        }
    )


class AuthoringTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.town = make_municipality("Blomberg", slug="blomberg")
        cls.other_town = make_municipality("Lügde", slug="luegde")
        cls.trainer = make_employee(cls.town, roles=[Role.TRAINER]).user
        cls.catalogue = make_course_index(section_of(cls.town))
        cls.course = make_course(cls.catalogue, "E-Akte Grundlagen")
        cls.other_catalogue = make_course_index(section_of(cls.other_town))
        cls.other_course = make_course(cls.other_catalogue, "Bauakten in Lügde")

    def setUp(self):
        self.client.force_login(self.trainer)

    def test_page_types_sit_only_where_they_belong(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {SectionPage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, set())
        self.assertCanCreateAt(SectionPage, CourseIndexPage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(SectionPage, ModulePage)

    def test_a_section_has_one_catalogue(self):
        section = section_of(self.town)
        assert not CourseIndexPage.can_create_at(section)
        assert CourseIndexPage.can_create_at(section_of(None))

    def test_trainer_creates_a_course_in_own_catalogue(self):
        self.assertCanCreate(
            self.catalogue, CoursePage, course_form_data("Datenschutz im Bürgerbüro"), publish=False
        )
        course = CoursePage.objects.get(title="Datenschutz im Bürgerbüro")
        assert course.get_parent().pk == self.catalogue.pk
        assert not course.live  # trainers submit for approval, they never publish
        assert set(course.tags.names()) == {"E-Akte", "Schriftgut"}

    def test_trainer_creates_a_module_with_a_quiz(self):
        body = [
            ("heading", {"text": "Das Aktenzeichen", "level": "h2"}),
            ("text", rich_text("<p>Jedes Schriftstück bekommt ein Aktenzeichen.</p>")),
            ("quiz", quiz_form_value()),
        ]
        self.assertCanCreate(
            self.course, ModulePage, module_form_data("Aktenzeichen", body), publish=False
        )
        module = ModulePage.objects.get(title="Aktenzeichen")
        quiz = module.get_latest_revision_as_object().quiz
        assert quiz is not None and quiz.value["pass_mark"] == 80
        questions = quiz.block.questions_of(quiz.value)
        assert [block.name for _id, block, _value in questions] == ["single", "true_false"]

    def test_module_with_quiz_rule_but_no_quiz_is_refused_in_the_editor(self):
        data = module_form_data("Ohne Quiz", [("text", rich_text("<p>Text</p>"))])
        url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", self.course.pk])
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert "completion_rule" in response.context["form"].errors
        assert not ModulePage.objects.filter(title="Ohne Quiz").exists()

    def test_single_choice_without_correct_answer_is_refused_in_the_editor(self):
        quiz = quiz_form_value()
        quiz["questions"]["0"]["value"]["answers"]["0"]["value"].pop("correct")
        data = module_form_data("Falsches Quiz", [("quiz", quiz)])
        url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", self.course.pk])
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not ModulePage.objects.filter(title="Falsches Quiz").exists()

    def test_trainer_cannot_add_pages_below_another_municipality(self):
        url = reverse(
            "wagtailadmin_pages:add", args=["courses", "coursepage", self.other_catalogue.pk]
        )
        for response in (
            self.client.get(url),
            self.client.post(url, course_form_data("Fremder Kurs")),
        ):
            self.assert_refused(response)
        assert not CoursePage.objects.filter(title="Fremder Kurs").exists()

    def test_trainer_cannot_edit_a_course_of_another_municipality(self):
        url = reverse("wagtailadmin_pages:edit", args=[self.other_course.pk])
        self.assert_refused(self.client.get(url))
        data = course_form_data("Übernommen")
        self.assert_refused(self.client.post(url, data))
        self.other_course.refresh_from_db()
        assert self.other_course.title == "Bauakten in Lügde"
        assert self.other_course.get_latest_revision().content["title"] == "Bauakten in Lügde"

    def test_trainer_can_open_the_editor_of_own_course(self):
        url = reverse("wagtailadmin_pages:edit", args=[self.course.pk])
        assert self.client.get(url).status_code == 200

    def test_trainer_cannot_author_in_the_shared_section(self):
        shared_catalogue = make_course_index(section_of(None))
        url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", shared_catalogue.pk])
        self.assert_refused(self.client.get(url))

    def assert_refused(self, response):
        """Wagtail answers a denied admin view with 403 or a redirect to the dashboard."""
        if response.status_code == 302:
            assert response.url == reverse("wagtailadmin_home")
        else:
            assert response.status_code == 403

    def test_only_redaktion_sets_up_a_catalogue(self):
        kalletal = make_municipality("Kalletal", slug="kalletal")
        section = section_of(kalletal)
        add_url = reverse("wagtailadmin_pages:add", args=["courses", "courseindexpage", section.pk])
        trainer = make_employee(kalletal, roles=[Role.TRAINER]).user
        self.client.force_login(trainer)
        response = self.client.post(add_url, {"title": "Kurse", "slug": "kurse"})
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(CourseIndexPage.objects.child_of(section).exists())

        editor = make_employee(kalletal, roles=[Role.EDITOR]).user
        self.client.force_login(editor)
        self.assertEqual(self.client.get(add_url).status_code, 200)
