"""The demo's process knowledge: realistic articles in every section, one process in two
municipalities under the same LeiKa key, acknowledgements waiting for the demo logins,
and one pending handover the manager works on; loading twice changes nothing."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from demo.courses import load_courses
from demo.knowledge import DEMO_ARTICLES, demo_knowledge_exists, load_knowledge
from demo.organisations import load_organisations
from handovers.models import Handover, HandoverItem
from handovers.services import assignable_employees, handovers_concerning, manages, with_roles
from knowledge.acknowledgements import pending_for
from knowledge.blocks import CATEGORY_LABELS, step_errors
from knowledge.compare import align
from knowledge.models import (
    Acknowledgement,
    KnowledgeIndexPage,
    Maturity,
    ProcessArticlePage,
    articles_visible_to,
    listed,
)
from knowledge.views import comparable_articles
from learning.models import Assignment
from organisations.models import Employee, SectionPage

User = get_user_model()


def record_counts() -> dict[str, int]:
    models = (KnowledgeIndexPage, ProcessArticlePage, Acknowledgement, Handover, HandoverItem)
    return {model.__name__: model.objects.count() for model in models}


class DemoKnowledgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo = load_organisations()
        load_courses(demo.municipalities)
        cls.assignments_before = Assignment.objects.count()
        cls.demo = load_knowledge()
        cls.articles = list(ProcessArticlePage.objects.live().order_by("path"))
        ProcessArticlePage.attach_sections(cls.articles, ProcessArticlePage.sections())

    def user(self, username: str):
        return User.objects.get(username=username)

    def municipality_of(self, article) -> str:
        section = article.library_section
        return section.municipality.slug if section.municipality_id else ""

    # --- Libraries and articles ------------------------------------------------------------

    def test_one_live_library_in_each_section(self):
        for section in SectionPage.objects.all():
            with self.subTest(section.title):
                library = KnowledgeIndexPage.objects.child_of(section).get()
                self.assertTrue(library.live)
        self.assertEqual(len(self.demo.libraries), SectionPage.objects.count())

    def test_at_least_six_live_articles_with_real_content(self):
        self.assertEqual(len(self.articles), len(DEMO_ARTICLES))
        self.assertGreaterEqual(len(self.articles), 6)
        with_decisions = 0
        for article in self.articles:
            with self.subTest(article.url_path):
                self.assertTrue(article.purpose and article.trigger)
                self.assertIn("<li>", article.legal_basis)
                self.assertTrue(article.inputs and article.outputs)
                self.assertTrue(5 <= len(article.steps) <= 10, len(article.steps))
                self.assertTrue(article.tags.exists())
                self.assertIsNotNone(article.owner_position)
                self.assertIsNotNone(article.deputy_position)
                self.assertIsNotNone(article.responsible_unit)
                self.assertIsNotNone(article.next_review_date)
                self.assertEqual(article.live_revision, article.latest_revision)
                kinds = {child.block_type for child in article.steps}
                with_decisions += "decision" in kinds
                for child in article.steps:
                    value = child.value
                    self.assertIn(value["category"], {*CATEGORY_LABELS, ""})
                    self.assertTrue(value["responsible"])
                    if child.block_type == "step":
                        self.assertRegex(value["action"], r"^[A-ZÄÖÜ].{40,}\.$")
                        self.assertTrue(value["system_kind"])
                        self.assertTrue(value["duration_minutes"])
        self.assertGreaterEqual(with_decisions, 6)
        self.assertGreaterEqual(sum("§" in a.legal_basis for a in self.articles), 5)
        self.assertTrue(any(a.contacts for a in self.articles))
        self.assertTrue(any(a.related_courses.exists() for a in self.articles))

    def test_every_page_passes_full_clean_and_step_validation(self):
        stream_block = ProcessArticlePage._meta.get_field("steps").stream_block
        for article in self.articles:
            with self.subTest(article.url_path):
                article.full_clean()
                stream_block.clean(article.steps)
                self.assertEqual(step_errors(article.step_values()), {})

    def test_owners_and_deputies_work_in_the_articles_municipality(self):
        for article in self.articles:
            municipality = self.municipality_of(article)
            if not municipality:
                continue
            with self.subTest(article.url_path):
                for position in (article.owner_position, article.deputy_position):
                    self.assertEqual(position.org_unit.municipality.slug, municipality)
                self.assertEqual(article.responsible_unit.municipality.slug, municipality)

    def test_maturity_mix_with_one_inactive_article_hidden_from_listings(self):
        maturities = {article.maturity for article in self.articles}
        self.assertGreaterEqual(len(maturities), 4)
        inactive = [a for a in self.articles if a.maturity == Maturity.INACTIVE]
        self.assertEqual(len(inactive), 1)
        self.assertNotIn(inactive[0], listed(ProcessArticlePage.objects.live()))

    def test_the_internal_article_is_hidden_from_other_municipalities(self):
        internal = [a for a in self.articles if a.intern]
        self.assertEqual(len(internal), 1)
        article = internal[0]
        self.assertEqual(self.municipality_of(article), "blomberg")
        pages = ProcessArticlePage.objects.live()
        self.assertIn(article, articles_visible_to(pages, self.user("beschaeftigte")))
        self.assertNotIn(article, articles_visible_to(pages, self.user("beschaeftigte2")))

    def test_one_article_is_overdue_for_review(self):
        overdue = [a for a in self.articles if a.is_listed and a.review_overdue()]
        self.assertEqual([a.title for a in overdue], ["Reitkennzeichen ausgeben"])

    def test_every_article_renders_for_a_blomberg_clerk(self):
        self.client.force_login(self.user("beschaeftigte"))
        for article in self.articles:
            if article.intern and self.municipality_of(article) != "blomberg":
                continue
            with self.subTest(article.url_path):
                response = self.client.get(article.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "<svg")

    # --- Compare -------------------------------------------------------------------------

    def test_same_leika_key_in_two_municipalities_with_different_steps(self):
        by_key: dict[str, list] = {}
        for article in self.articles:
            if article.leika_key:
                by_key.setdefault(article.leika_key, []).append(article)
        shared = [articles for articles in by_key.values() if len(articles) > 1]
        self.assertEqual(len(shared), 1)
        blomberg, luegde = sorted(shared[0], key=self.municipality_of)
        self.assertEqual(
            (self.municipality_of(blomberg), self.municipality_of(luegde)),
            ("blomberg", "luegde"),
        )
        self.assertNotEqual(len(blomberg.steps), len(luegde.steps))
        rows = align([blomberg.steps_for_display(), luegde.steps_for_display()])
        self.assertTrue(any(row.has_gap for row in rows))
        differences = {name for row in rows for name in row.differences}
        self.assertEqual(differences, {"responsible", "system", "duration"})

        user = self.user("beschaeftigte2")
        self.assertEqual(len(comparable_articles(blomberg.leika_key, user)), 2)
        self.client.force_login(user)
        response = self.client.get(reverse("knowledge:compare", args=[blomberg.leika_key]))
        self.assertContains(response, "Kennzeichen auf Wunsch reservieren")
        self.assertContains(response, "Online-Abmeldung am Terminal begleiten")

    # --- Acknowledgements ------------------------------------------------------------------

    def test_demo_logins_have_articles_to_acknowledge(self):
        for username in ("beschaeftigte", "beschaeftigte2", "fuehrungskraft", "trainerin"):
            with self.subTest(username):
                self.assertTrue(pending_for(self.user(username)))
        titles = {a.title for a in pending_for(self.user("beschaeftigte"))}
        self.assertEqual(
            titles,
            {
                "Abmeldung eines Fahrzeugs (i-Kfz)",
                "Eingangspost scannen und in der E-Akte erfassen",
            },
        )

    def test_acknowledgements_are_of_the_published_revision(self):
        required = [a for a in self.articles if a.acknowledgement_revision_id]
        self.assertEqual(len(required), 2)
        for article in required:
            with self.subTest(article.title):
                self.assertEqual(article.acknowledgement_revision_id, article.live_revision_id)
                acknowledgements = Acknowledgement.objects.filter(article=article)
                self.assertTrue(acknowledgements.exists())
                self.assertFalse(
                    acknowledgements.exclude(revision=article.acknowledgement_revision).exists()
                )
        self.assertEqual(Acknowledgement.objects.count(), self.demo.acknowledgements)
        hatice = Employee.objects.get(user__last_name="Yılmaz")
        self.assertEqual(pending_for(hatice.user), [])

    # --- Handover ------------------------------------------------------------------------

    def test_one_pending_handover_the_manager_sees_and_assigns(self):
        handover = Handover.objects.get()
        self.assertEqual(handover, self.demo.handover)
        self.assertEqual(handover.leaver.full_name, "Monika Richter")
        self.assertEqual(handover.reason, Handover.Reason.LEAVING)
        self.assertEqual((handover.leaving_date - timezone.localdate()).days, 21)
        self.assertIsNone(handover.successor)
        self.assertFalse(handover.is_complete)

        items = handover.items.all()
        ownership = items.get(kind=HandoverItem.Kind.OWNERSHIP)
        self.assertEqual(ownership.article.title, "Gewerbeanmeldung bearbeiten")
        self.assertTrue(ownership.leaver_notes)
        self.assertTrue(items.filter(kind=HandoverItem.Kind.COURSE).exists())
        done = items.filter(done_at__isnull=False)
        self.assertEqual(done.count(), 1)
        self.assertEqual(done.get().assignee.full_name, "Lukas Neumann")
        self.assertTrue(items.filter(done_at__isnull=True, assignee__isnull=True).exists())

        manager = self.user("fuehrungskraft")
        self.assertTrue(manages(manager, handover))
        [seen] = with_roles(handovers_concerning(manager), manager)
        self.assertEqual((seen, seen.role, seen.total - seen.done), (handover, "manager", 8))
        self.assertIn(
            "Lukas Neumann", {e.full_name for e in assignable_employees(handover, manager)}
        )
        self.client.force_login(manager)
        response = self.client.get(reverse("handovers:detail", args=[handover.pk]))
        self.assertContains(response, "Gewerbeanmeldung bearbeiten")

        self.assertFalse(handovers_concerning(self.user("beschaeftigte")).exists())
        # No successor yet: the course items wait for the manager, nobody is assigned
        # a course behind the reports' back.
        self.assertEqual(Assignment.objects.count(), self.assignments_before)

    # --- Loading again --------------------------------------------------------------------

    def test_second_run_changes_nothing(self):
        self.assertTrue(demo_knowledge_exists())
        before = record_counts()
        output = StringIO()
        call_command("load_demo_data", "--allow-production", stdout=output)
        self.assertNotIn("Prozesswissen", output.getvalue())
        self.assertEqual(record_counts(), before)
