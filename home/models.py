"""The pages every visitor meets: the start page and the two legally required pages."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.routing import route_below
from core.versions import user_fact
from organisations.models import Employee
from organisations.roles import employee_of


@dataclass(frozen=True)
class Place:
    """Where an employee works, by name ("Meine Verwaltung" on the start page)."""

    municipality: str
    org_unit: str
    position: str


class HomePage(Page):
    """The start page ("Mein Lernen"): what the signed-in employee works on next.

    Later parts of Lernwerk (progress, assignments, acknowledgements) add their sections
    to this page through template includes; the page itself stays a thin shell.
    """

    welcome = RichTextField(
        _("Begrüßungstext"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Wird allen Beschäftigten über ihren Lerninhalten angezeigt."),
    )

    content_panels = Page.content_panels + [FieldPanel("welcome")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "organisations.SectionPage",
        "home.AccessibilityStatementPage",
        "home.PrivacyNoticePage",
    ]
    max_count = 1
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("Startseite")

    def route(self, request, path_components):
        """Every page of the site is routed from here, in one query (``core.routing``)."""
        return route_below(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["employee"] = employee_of(request.user)
        context["place"] = self.place_of(request.user)
        return context

    @staticmethod
    def place_of(user) -> Place | None:
        """Where the reader works, for "Meine Verwaltung": a per-user fact
        (``core.versions.user_fact``). An employee record or a held position changes the
        user's version; a renamed unit, position or municipality the site's
        (``organisations.signals``)."""
        employee = employee_of(user)
        if employee is None:
            return None

        def compute() -> Place:
            record = Employee.objects.select_related("municipality", "org_unit", "position")
            record = record.get(pk=employee.pk)
            return Place(
                municipality=str(record.municipality),
                org_unit=str(record.org_unit) if record.org_unit else "",
                position=record.position.title if record.position else "",
            )

        return user_fact(user, "place", compute)


class PublicPage(Page):
    """Pages that must be readable without logging in (legal notices).

    The intranet login check lets these through: see
    ``organisations.middleware.IntranetLoginRequiredMiddleware``.
    """

    login_required = False
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        abstract = True


class AccessibilityStatementPage(PublicPage):
    """The "Erklärung zur Barrierefreiheit" with the sections BITV 2.0 requires."""

    class Conformance(models.TextChoices):
        FULL = "full", _("vollständig vereinbar")
        PARTIAL = "partial", _("teilweise vereinbar")
        NONE = "none", _("nicht vereinbar")

    scope = models.TextField(
        _("Geltungsbereich"),
        help_text=_("Für welches Angebot die Erklärung gilt."),
    )
    conformance = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=10,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
        help_text=_("Mit BITV 2.0 / EN 301 549 bzw. WCAG 2.1 AA."),
    )
    non_accessible_content = RichTextField(
        _("Nicht barrierefreie Inhalte"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_(
            "Welche Inhalte nicht barrierefrei sind, warum, und welche Alternativen es gibt."
        ),
    )
    prepared_on = models.DateField(_("Erstellt am"))
    method = models.CharField(
        _("Methode der Bewertung"),
        max_length=200,
        default="Selbstbewertung",
        help_text=_("z. B. Selbstbewertung oder Prüfung durch eine externe Stelle."),
    )
    reviewed_on = models.DateField(_("Zuletzt überprüft am"), null=True, blank=True)
    feedback_contact = RichTextField(
        _("Feedback und Kontakt"),
        features=["bold", "link"],
        help_text=_("Wohin Nutzende Barrieren melden können (E-Mail, Telefon, Anschrift)."),
    )
    feedback_email = models.EmailField(
        _("E-Mail-Adresse für Rückmeldungen"),
        blank=True,
        help_text=_("Leer lassen für die Adresse aus der Installation."),
    )
    enforcement = RichTextField(
        _("Schlichtungsverfahren"),
        features=["bold", "link"],
        help_text=_("Hinweis auf die Schlichtungsstelle nach § 16 BGG bzw. Landesrecht."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("scope"),
        MultiFieldPanel(
            [FieldPanel("conformance"), FieldPanel("non_accessible_content")],
            heading=_("Stand der Vereinbarkeit"),
        ),
        MultiFieldPanel(
            [FieldPanel("prepared_on"), FieldPanel("method"), FieldPanel("reviewed_on")],
            heading=_("Erstellung dieser Erklärung"),
        ),
        MultiFieldPanel(
            [FieldPanel("feedback_contact"), FieldPanel("feedback_email")],
            heading=_("Feedback und Kontaktangaben"),
        ),
        FieldPanel("enforcement"),
    ]
    template = "home/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")

    @property
    def contact_email(self) -> str:
        return self.feedback_email or settings.LERNWERK_FEEDBACK_EMAIL


class PrivacyNoticePage(PublicPage):
    """The "Datenschutzhinweise" (Art. 13 GDPR information for staff)."""

    body = RichTextField(
        _("Text"),
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol"],
        help_text=_("Verantwortliche Stelle, Zwecke, Rechtsgrundlagen, Speicherdauer, Rechte."),
    )
    content_panels = Page.content_panels + [FieldPanel("body")]
    template = "home/privacy_notice_page.html"

    class Meta:
        verbose_name = _("Datenschutzhinweise")
