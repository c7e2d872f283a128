"""Process knowledge: articles that document how an administrative process really runs,
and who must have read them (handovers that pass them on live in ``handovers``).

Articles are pages (revisions, comparison, the Redaktion workflow, search come from
Wagtail). Unlike courses, a municipality's articles are readable across the whole
cooperation ("Einer für Alle": compare and align processes) unless marked "intern".
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import FilteredRelation, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core import versions
from core.dates import add_months
from courses.models import CoursePage, HidesChildrenWhenNotLive, topics_of_visible
from organisations.models import STAFF_KEY, OrgUnit, Position, SectionPage
from organisations.tenancy import hidden_section_paths, pages_visible_to

from .admin_forms import ProcessArticlePageForm
from .blocks import CATEGORY_LABELS, SYSTEM_LABELS, ProcessStepsBlock, step_errors
from .diagram import process_diagram
from .forms import LibraryFilterForm
from .stewards import ArticlePermissionTester


class Maturity(models.TextChoices):
    """The XProzess status code list: how far a process description has matured."""

    PLANNING = "in_planung", _("in Planung")
    IN_PROGRESS = "in_bearbeitung", _("in Bearbeitung")
    DRAFT = "entwurf", _("Entwurf")
    METHOD_APPROVED = "methodisch_freigegeben", _("methodisch freigegeben")
    SILVER = "fachlich_freigegeben_silber", _("fachlich freigegeben (Silber)")
    GOLD = "fachlich_freigegeben_gold", _("fachlich freigegeben (Gold)")
    INACTIVE = "inaktiv", _("inaktiv")
    TO_BE_DELETED = "vorgesehen_zum_loeschen", _("vorgesehen zum Löschen")


#: Statuses hidden from listings and search (the article stays readable by its URL).
HIDDEN_MATURITY = (Maturity.INACTIVE, Maturity.TO_BE_DELETED)

leika_validator = RegexValidator(
    r"^\d{14}$", _("Der LeiKa-Schlüssel besteht aus genau 14 Ziffern, z. B. 99036011000000.")
)


def articles_visible_to(queryset, user):
    """Articles a user may read: shared ones, their municipality's, and every other
    municipality's that are not marked "intern"."""
    hidden = Q()
    for path in hidden_section_paths(user):
        hidden |= Q(path__startswith=path)
    if not hidden:
        return queryset
    return queryset.exclude(hidden & Q(intern=True))


def listed(queryset):
    """Articles shown in listings and search: not inactive or marked for deletion."""
    return queryset.exclude(maturity__in=HIDDEN_MATURITY)


class KnowledgeIndexPage(HidesChildrenWhenNotLive, Page):
    """The process library of a section: lists every article the reader may see."""

    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Kurzer Text über der Liste der Prozesse."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["organisations.SectionPage"]
    subpage_types = ["knowledge.ProcessArticlePage"]
    template = "knowledge/knowledge_index_page.html"
    #: Read across the cooperation: the index of another municipality lists its
    #: non-internal articles (see ``organisations.tenancy.can_view_page``).
    readable_across_cooperation = True

    class Meta:
        verbose_name = _("Prozessbibliothek")
        verbose_name_plural = _("Prozessbibliotheken")

    @classmethod
    def can_create_at(cls, parent):
        """One library per section."""
        return super().can_create_at(parent) and not parent.get_children().type(cls).exists()

    # --- Reading: the listing ---------------------------------------------------------

    #: Articles per page of the listing.
    LISTING_PAGE_SIZE = 20

    def listing(self, request) -> dict:
        """Articles the reader may see, filtered by topic, municipality and query.

        Like the course catalogue, every library lists everything the reader may see
        (shared articles, their own municipality's, other municipalities' not marked
        "intern"), without inactive ones and those marked for deletion. Search runs on
        the unfiltered visible set (search backends filter on indexed fields only) and is
        intersected with the filters. A fixed number of queries, whatever the number of
        articles on the page. The parameters are read through ``LibraryFilterForm``: a
        refused one is left out and hinted at on the page.
        """
        visible = listed(
            articles_visible_to(ProcessArticlePage.objects.live(), request.user)
        ).defer_streamfields()
        sections = ProcessArticlePage.sections()
        filter_form = LibraryFilterForm(request.GET)
        selected = filter_form.filters()
        tag, town, query = selected["thema"], selected["kommune"], selected["q"]
        articles = visible
        if tag:
            articles = articles.filter(tags__slug=tag)
        section = next((s for s in sections if s.slug == town), None)
        if section is None:
            town = ""
        else:
            articles = articles.filter(path__startswith=section.path)
        if query:
            hits = [article.pk for article in visible.search(query, operator="and")]
            articles = articles.filter(pk__in=hits)
        page = Paginator(articles.order_by("title"), self.LISTING_PAGE_SIZE).get_page(
            request.GET.get("seite")
        )
        page.object_list = list(page.object_list.select_related("responsible_unit"))
        ProcessArticlePage.attach_sections(page.object_list, sections)
        topics = self.topics_by_article()
        for article in page.object_list:
            article.topics = topics.get(article.pk, [])
        return {
            "articles": page,
            "query": query,
            "selected": {"thema": tag, "kommune": town},
            "filter_form": filter_form,
            "tags": self.topics_for(request.user, visible),
            "sections": sorted(sections, key=lambda s: (not s.is_shared, s.title)),
        }

    @staticmethod
    def topics_by_article() -> dict[int, list[Tag]]:
        """Each article's topic tags, for the listing's cards: kept in the
        site-versioned cache (``core.cache``), read once per published change."""

        def read():
            topics: dict[int, list[Tag]] = {}
            for row in ArticleTag.objects.select_related("tag").order_by("tag__name"):
                topics.setdefault(row.content_object_id, []).append(row.tag)
            return topics

        return cache.get_or_set("lernwerk_article_topics", read, timeout=None)

    @staticmethod
    def topics_for(user, visible) -> list[Tag]:
        """The topics of the articles a reader may see, for the filter."""
        return topics_of_visible(user, visible, "knowledge_articletag_items", "library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing(request))
        return context


class ArticleTag(TaggedItemBase):
    """Topic tags of articles, from the same ``taggit.Tag`` vocabulary as courses."""

    content_object = ParentalKey(
        "knowledge.ProcessArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name oder Stelle"), max_length=120)
    organisation = blocks.CharBlock(label=_("Organisation"), max_length=120, required=False)
    phone = blocks.CharBlock(label=_("Telefon"), max_length=40, required=False)
    email = blocks.EmailBlock(label=_("E-Mail"), required=False)
    topic = blocks.CharBlock(
        label=_("Wofür"),
        max_length=200,
        required=False,
        help_text=_("z. B. „Rückfragen zur Förderung“"),
    )

    class Meta:
        icon = "user"
        label = _("Kontakt")
        template = "blocks/contact_block.html"


class ProcessArticlePage(Page):
    """One administrative process: trigger, legal basis, steps, owner, review.

    The steps drive the diagram (``knowledge.diagram``) and the comparison across
    municipalities (``knowledge.compare``, by LeiKa key and step category).
    """

    purpose = models.TextField(_("Zweck"), help_text=_("Wozu dient der Prozess? Ein, zwei Sätze."))
    trigger = models.TextField(
        _("Auslöser"), help_text=_("Was startet den Prozess, z. B. „Antrag geht ein“.")
    )
    legal_basis = RichTextField(
        _("Rechtsgrundlage"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Gesetze, Verordnungen, Satzungen mit Paragraf, z. B. „§ 14 FZV“."),
    )
    inputs = models.TextField(_("Eingaben"), blank=True, help_text=_("Was wird benötigt?"))
    outputs = models.TextField(_("Ergebnisse"), blank=True, help_text=_("Was kommt heraus?"))
    steps = StreamField(ProcessStepsBlock(), verbose_name=_("Prozessschritte"))
    contacts = StreamField(
        [("contact", ContactBlock())], blank=True, verbose_name=_("Ansprechpersonen")
    )
    related_courses = ParentalManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="related_articles",
        verbose_name=_("Passende Kurse"),
    )
    related_articles = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("Verwandte Prozesse")
    )
    tags = ClusterTaggableManager(
        through=ArticleTag,
        blank=True,
        verbose_name=_("Themen"),
        help_text=_("Dieselben Schlagworte wie bei den Kursen, z. B. „E-Akte“."),
    )
    responsible_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Zuständige Organisationseinheit"),
    )
    leika_key = models.CharField(
        _("LeiKa-Schlüssel"),
        max_length=14,
        blank=True,
        db_index=True,
        validators=[leika_validator],
        help_text=_(
            "14 Ziffern aus dem Leistungskatalog; verbindet gleiche Prozesse der Kommunen."
        ),
    )
    ozg_service = models.CharField(
        _("OZG-Leistung"), max_length=200, blank=True, help_text=_("z. B. „Fahrzeugabmeldung“.")
    )
    intern = models.BooleanField(
        _("Intern"),
        default=False,
        help_text=_("Nur für die eigene Kommune lesbar, nicht für die ganze Kooperation."),
    )
    maturity = models.CharField(
        _("Reifegrad (XProzess)"),
        max_length=40,
        choices=Maturity.choices,
        default=Maturity.DRAFT,
        help_text=_("„inaktiv“ und „vorgesehen zum Löschen“ erscheinen in keiner Liste."),
    )
    owner_position = models.ForeignKey(
        "organisations.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_articles",
        verbose_name=_("Prozessverantwortliche Stelle"),
    )
    deputy_position = models.ForeignKey(
        "organisations.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy_articles",
        verbose_name=_("Vertretung"),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("Prüfintervall (Monate)"), default=12
    )
    next_review_date = models.DateField(_("Nächste Prüfung am"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("Zuletzt geprüft am"), null=True, blank=True)
    review_reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    acknowledgement_positions = ParentalManyToManyField(
        "organisations.Position",
        blank=True,
        related_name="+",
        verbose_name=_("Kenntnisnahme durch Stellen"),
    )
    acknowledgement_units = ParentalManyToManyField(
        "organisations.OrgUnit",
        blank=True,
        related_name="+",
        verbose_name=_("Kenntnisnahme durch Einheiten"),
        help_text=_("Alle Beschäftigten dieser Einheiten und der Einheiten darunter."),
    )
    acknowledgement_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("Zur Kenntnis zu nehmende Fassung"),
    )
    #: Set by the editor's "erneute Kenntnisnahme erforderlich" (``forms_admin``), stored
    #: with the revision and consumed when it is published (``knowledge.publishing``).
    reacknowledge_on_publish = models.BooleanField(default=False, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("purpose"),
        FieldPanel("trigger"),
        FieldPanel("legal_basis"),
        FieldRowPanel([FieldPanel("inputs"), FieldPanel("outputs")]),
        FieldPanel("steps"),
        FieldPanel("contacts"),
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                FieldPanel("related_courses"),
                FieldPanel("related_articles"),
            ],
            heading=_("Bezüge"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("leika_key"), FieldPanel("ozg_service")]),
                FieldPanel("responsible_unit"),
                FieldPanel("intern"),
                FieldPanel("maturity"),
            ],
            heading=_("Einordnung"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("owner_position"), FieldPanel("deputy_position")]),
                FieldRowPanel(
                    [FieldPanel("review_interval_months"), FieldPanel("next_review_date")]
                ),
            ],
            heading=_("Verantwortung und Prüfung"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("acknowledgement_positions"),
                FieldPanel("acknowledgement_units"),
                # A field of ``ProcessArticlePageForm``, not of the model.
                FieldPanel("reacknowledge"),
            ],
            heading=_("Kenntnisnahme"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("purpose"),
        index.SearchField("trigger"),
        index.SearchField("legal_basis"),
        index.SearchField("steps"),
        index.SearchField("ozg_service"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("maturity"),
        index.FilterField("intern"),
        index.FilterField("leika_key"),
    ]
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types = []
    template = "knowledge/process_article_page.html"
    base_form_class = ProcessArticlePageForm
    #: ``readable_across_cooperation`` for querysets (``tenancy.admin_pages_visible_to``).
    readable_across_cooperation_condition = Q(intern=False)

    class Meta:
        verbose_name = _("Prozessbeschreibung")
        verbose_name_plural = _("Prozessbeschreibungen")

    @property
    def readable_across_cooperation(self) -> bool:
        """Other municipalities read this article unless it is internal."""
        return not self.intern

    def clean(self):
        """Also checks the steps: the editor's form does through the StreamBlock, but
        pages saved from code (demo, imports) are only checked here."""
        super().clean()
        errors = {}
        if self.owner_position_id and self.owner_position_id == self.deputy_position_id:
            errors["deputy_position"] = _("Die Vertretung muss eine andere Stelle sein.")
        step_problems = step_errors(self.step_values())
        if step_problems:
            errors["steps"] = [str(m) for messages in step_problems.values() for m in messages]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.next_review_date is None:
            start = self.last_reviewed_on or timezone.localdate()
            self.next_review_date = add_months(start, self.review_interval_months or 12)
        return super().save(*args, **kwargs)

    @cached_property
    def library_section(self) -> SectionPage | None:
        """The section holding the article, with its municipality, from ``sections()``.

        Listings set it for many articles at once (``attach_sections``). A new page in
        preview has no path yet, and so no section.
        """
        if not self.path:
            return None
        return next(
            (s for s in ProcessArticlePage.sections() if self.path.startswith(s.path)), None
        )

    @cached_property
    def municipality(self):
        """The municipality whose section holds the article, or None for shared ones."""
        section = self.library_section
        return section.municipality if section else None

    def owner_holders(self):
        return self.owner_position.current_holders() if self.owner_position_id else []

    # --- Reading: the article page, its diagram and step list ------------------------
    # Everything the page shows is read with a fixed number of queries, whatever the
    # number of steps: the steps, diagram and step list come from the StreamField.

    def step_values(self) -> list[tuple[str, dict]]:
        """The steps as ``(block type, value)`` pairs, as diagram and validation take them."""
        return [(child.block_type, dict(child.value)) for child in self.steps]

    def steps_for_display(self) -> list[dict]:
        """The numbered steps, with labels and the branches of decisions resolved.

        Each entry holds the StreamField child (``block``, for ``include_block``), its
        ``number`` (1-based, as in the diagram), the labels of category and system, and
        for decisions the ``branches`` as ``{"label", "number", "title"}``: "Ja → Schritt
        5: …". A branch to a step that no longer exists keeps its target's name and no
        number (the editor refuses such branches, old revisions may hold them).
        """
        children = list(self.steps)
        numbers = {
            (child.value.get("title") or "").strip().casefold(): index
            for index, child in reversed(list(enumerate(children, start=1)))
        }
        steps = []
        for number, child in enumerate(children, start=1):
            value = child.value
            kind = value.get("system_kind") or ""
            name = (value.get("system_name") or "").strip()
            label = str(SYSTEM_LABELS.get(kind, "")) if kind else ""
            branches = []
            for branch in value.get("branches") or []:
                target = (branch.get("goto") or "").strip()
                found = numbers.get(target.casefold())
                branches.append(
                    {
                        "label": branch.get("label") or "",
                        "number": found,
                        "title": children[found - 1].value.get("title") if found else target,
                    }
                )
            steps.append(
                {
                    "block": child,
                    "number": number,
                    "kind": child.block_type,
                    "title": value.get("title") or "",
                    "category": value.get("category") or "",
                    "category_label": str(CATEGORY_LABELS.get(value.get("category"), "")),
                    "responsible": (value.get("responsible") or "").strip(),
                    "system_kind": kind,
                    "system_name": name,
                    "system": f"{label}: {name}" if label and name else (name or label),
                    "duration_minutes": value.get("duration_minutes"),
                    "branches": branches,
                }
            )
        return steps

    def rendered_steps(self, preview: bool = False) -> str:
        """The "Ablauf" as HTML: the diagram and the numbered steps.

        Nothing in it depends on the reader or on other pages, so the published
        article's is kept in the default cache per live revision and language; a preview
        renders the editor's steps and keeps nothing.
        """

        def render() -> str:
            steps = self.steps_for_display()
            return render_to_string(
                "knowledge/includes/article_steps.html",
                {
                    "steps": steps,
                    "diagram": self.diagram_svg(),
                    "lanes": len({step["responsible"] for step in steps}),
                },
            )

        if preview or not self.live_revision_id:
            return mark_safe(render())  # noqa: S308 (a template's escaped output)
        key = f"lernwerk_article_steps:{self.live_revision_id}:{get_language()}"
        return mark_safe(cache.get_or_set(key, render, timeout=None))  # noqa: S308

    def diagram_svg(self) -> str:
        """The process diagram as SVG markup (``knowledge.diagram`` escapes all text)."""
        return mark_safe(process_diagram(self.step_values(), self.title))

    @property
    def is_listed(self) -> bool:
        """False for "inaktiv" and "vorgesehen zum Löschen": readable by URL, not listed."""
        return self.maturity not in HIDDEN_MATURITY

    def review_overdue(self, today: datetime.date | None = None) -> bool:
        return bool(
            self.next_review_date and self.next_review_date < (today or timezone.localdate())
        )

    def responsibility(self) -> dict:
        """Owner and deputy position with their units and the people holding them, and
        the responsible unit (``read_responsibility``): the same for every reader, kept
        in the site-versioned cache under the staff version (``organisations.models.
        STAFF_KEY``), so a new holder or a renamed person shows on the next request.
        Keyed by the ids, so a preview shows the editor's choice.
        """
        staff = versions.request_number(STAFF_KEY)
        if staff is None:
            return self.read_responsibility()
        ids = (self.owner_position_id, self.deputy_position_id, self.responsible_unit_id)
        key = "lernwerk_responsibility:{}:{}:{}:{}".format(staff, *ids)
        return cache.get_or_set(key, self.read_responsibility, timeout=None)

    def read_responsibility(self) -> dict:
        """The responsibility box's facts: one query, whatever the number of holders.

        Read from the side of the org units, because every position sits in one and the
        responsible unit is one: a row per unit, position and current holding (outer
        joins restricted to the two positions and to open holdings), oldest holding
        first. The ids come from the page in memory, so a preview shows the editor's
        choice.
        """
        ids = [pk for pk in (self.owner_position_id, self.deputy_position_id) if pk]
        positions: dict[int, Position] = {}
        holders: dict[int, list] = {pk: [] for pk in ids}
        responsible_unit = None
        if ids or self.responsible_unit_id:
            rows = (
                OrgUnit.objects.filter(
                    Q(pk=self.responsible_unit_id)
                    | Q(pk__in=Position.objects.filter(pk__in=ids).values("org_unit"))
                )
                .annotate(
                    post=FilteredRelation("positions", condition=Q(positions__in=ids)),
                    holding=FilteredRelation(
                        "post__holdings", condition=Q(post__holdings__ended_on__isnull=True)
                    ),
                )
                .select_related("post", "holding__employee__user")
                .order_by("holding__started_on", "holding__pk")
            )
            for unit in rows:
                if unit.pk == self.responsible_unit_id:
                    responsible_unit = unit
                if unit.post is None:
                    continue
                position = positions.setdefault(unit.post.pk, unit.post)
                position.org_unit = unit
                # Django sets no attribute for an outer join that found no holding.
                holding = getattr(unit, "holding", None)
                if holding is not None:
                    holders[position.pk].append(holding.employee)
        return {
            "owner": positions.get(self.owner_position_id),
            "owner_holders": holders.get(self.owner_position_id, []),
            "deputy": positions.get(self.deputy_position_id),
            "deputy_holders": holders.get(self.deputy_position_id, []),
            "responsible_unit": responsible_unit,
        }

    def related_for(self, user) -> tuple[list, list]:
        """Related courses and articles the reader may see (articles: listed ones only).

        One query for both lists: the pages by title, each as its own type without its
        own columns (``specific(defer=True)``: title and address are all the lists
        show). Ids are read through the relations so that previews (in-memory
        relations) show what the editor chose.
        """
        course_ids = self.related_courses.values_list("id", flat=True)
        article_ids = self.related_articles.values_list("id", flat=True)
        courses = pages_visible_to(CoursePage.objects.live().filter(pk__in=course_ids), user)
        articles = listed(
            articles_visible_to(ProcessArticlePage.objects.live().filter(pk__in=article_ids), user)
        )
        related = list(
            Page.objects.filter(Q(pk__in=courses.values("pk")) | Q(pk__in=articles.values("pk")))
            .order_by("title")
            .specific(defer=True)
        )
        return (
            [page for page in related if isinstance(page, CoursePage)],
            [page for page in related if isinstance(page, ProcessArticlePage)],
        )

    def published_facts(self, user) -> tuple[tuple[list, list], list]:
        """Related courses and articles (``related_for``) and the tags of the published
        article: the same for every reader who sees the same sections, so kept per set
        of hidden sections in the site-versioned cache (``core.cache``), which
        publishing any page refreshes."""
        key = f"lernwerk_article_facts:{self.pk}:" + ",".join(hidden_section_paths(user))
        return cache.get_or_set(
            key, lambda: (self.related_for(user), list(self.tags.all())), timeout=None
        )

    @classmethod
    def sections(cls) -> list:
        """All sections with their municipality (for names and filters): one query, kept
        in the site-versioned cache (``core.cache``). Publishing, moving or deleting a page
        and renaming a municipality bump the site version; a new municipality's section
        holds no article before a library below it is published, which bumps it too."""
        return cache.get_or_set(
            "lernwerk_knowledge_sections",
            lambda: list(SectionPage.objects.select_related("municipality").order_by("path")),
            timeout=None,
        )

    @staticmethod
    def attach_sections(articles, sections) -> None:
        """Set ``library_section`` on each article: the section it belongs to."""
        for article in articles:
            path = article.path or ""  # a new page in preview has no path yet
            article.library_section = next((s for s in sections if path.startswith(s.path)), None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["steps_html"] = self.rendered_steps(getattr(request, "is_preview", False))
        if getattr(request, "is_preview", False):
            # The editor's choice, in memory: never from or into the cache.
            related, context["tags"] = self.related_for(request.user), list(self.tags.all())
        else:
            related, context["tags"] = self.published_facts(request.user)
        context["related_courses"], context["related_articles"] = related
        context["review_overdue"] = self.review_overdue()
        context.update(self.responsibility())
        return context

    def mark_reviewed(self, on: datetime.date | None = None) -> datetime.date:
        """ "Geprüft am": set the review dates without a new revision of the content."""
        on = on or timezone.localdate()
        self.last_reviewed_on = on
        self.next_review_date = add_months(on, self.review_interval_months or 12)
        ProcessArticlePage.objects.filter(pk=self.pk).update(
            last_reviewed_on=on, next_review_date=self.next_review_date
        )
        return self.next_review_date

    # --- Ownership, review and acknowledgement state (knowledge.reviews, .publishing) --

    def permissions_for_user(self, user):
        """Owners and deputies may edit their article (``knowledge.stewards``)."""
        return ArticlePermissionTester(user, self)

    def with_content_json(self, content):
        """Review and acknowledgement state belongs to the page, not to a revision.

        "Geprüft am", the reminder log and the revision to acknowledge are written to
        the page row only. Wagtail rebuilds the page from a revision when it is edited,
        published or reverted; without this, publishing a draft begun before a review
        would bring back the old review dates, and every publication would forget which
        revision must be acknowledged. The next review date an editor sets in a revision
        still wins, unless the article was marked as reviewed after that revision began.
        """
        page = super().with_content_json(content)
        page.acknowledgement_revision_id = self.acknowledgement_revision_id
        page.review_reminder_sent_for = self.review_reminder_sent_for
        if page.last_reviewed_on != self.last_reviewed_on:
            page.next_review_date = self.next_review_date
        page.last_reviewed_on = self.last_reviewed_on
        return page


class Acknowledgement(models.Model):
    """Someone confirmed they read a given revision of an article ("Kenntnisnahme")."""

    article = models.ForeignKey(
        ProcessArticlePage,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name=_("Prozessbeschreibung"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name=_("Person"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Fassung"),
    )
    acknowledged_at = models.DateTimeField(_("Zur Kenntnis genommen am"), auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("Kenntnisnahme")
        verbose_name_plural = _("Kenntnisnahmen")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user", "revision"], name="one_acknowledgement_per_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.article_id} ({self.revision_id})"
