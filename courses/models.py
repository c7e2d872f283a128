"""What trainers author: the catalogue, courses and their modules.

``courses`` is pure content: it knows nothing of who learned what (that is
``learning``). Visibility follows the page tree's sections (``organisations.tenancy``):
a course below a municipality's section is for that municipality's staff only.
"""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q, Sum, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.routing import HidesChildrenWhenNotLive, routed_parent
from core.tree import ParentPath, ancestor_paths, parent_path
from organisations.models import SectionPage
from organisations.tenancy import hidden_section_paths, pages_visible_to

from .admin_forms import CoursePageForm
from .blocks import ModuleBodyBlock
from .choices import DURATION_FILTERS, Level
from .forms import CatalogueFilterForm

CATALOGUE_PAGE_SIZE = 20

#: Hook through which apps above ``courses`` add their hits to the catalogue search
#: (``courses`` imports none of them). Called as ``fn(request, query, tag)`` with the
#: search term and the selected topic slug ("" for none); returns None or a dict
#: ``{"heading", "results": [{"title", "url", "summary", "meta"}, ...], "empty",
#: "more_url", "more_label"}`` (the last three optional), shown as its own list below
#: the course hits. Results must be visible to ``request.user``.
CATALOGUE_SEARCH_HOOK = "lernwerk_catalogue_search"

#: Hook through which apps above ``courses`` add to the context of a course or module
#: page, e.g. ``learning`` the reader's progress. Called as
#: ``fn(page, request, context)`` with the page's context so far; returns a dict to add,
#: or None. The templates show what the apps add in ``{% slot %}`` places
#: (``core.slots``): "course_action", "module_status" (per module, with ``status``) and
#: "module_end".
PAGE_CONTEXT_HOOK = "lernwerk_course_page_context"


def add_hooked_context(page, request, context: dict) -> dict:
    for add in hooks.get_hooks(PAGE_CONTEXT_HOOK):
        context.update(add(page, request, context) or {})
    return context


#: At most this many pages (courses and modules) of a catalogue search are read.
CATALOGUE_SEARCH_HITS = 400


def search_courses_and_modules(query: str, user) -> tuple[set[int], dict[str, list[Page]]]:
    """Live courses and modules the user may see that match ``query``, in one search.

    The catalogue stays a list of courses; a course whose modules match is listed with
    those modules, so a learner finds the course that teaches what they searched for.
    Returns the ids of the courses found themselves and the modules found, grouped by
    their course's path (so the catalogue finds those courses in the statement that
    lists them). Modules come as plain pages: the catalogue shows title and address.
    """
    pages = pages_visible_to(Page.objects.live().type(CoursePage, ModulePage), user)
    course_ids: set[int] = set()
    modules: dict[str, list[Page]] = {}
    hits = pages.search(query, operator="and")[:CATALOGUE_SEARCH_HITS]
    for page in sorted(hits, key=lambda p: p.path):
        if issubclass(page.specific_class, CoursePage):
            course_ids.add(page.pk)
        else:
            modules.setdefault(parent_path(page.path), []).append(page)
    return course_ids, modules


def topics_by_course() -> dict[int, list[Tag]]:
    """Each course's topic tags, for the catalogue's cards: kept in the site-versioned
    cache (``core.cache``), one query per published change instead of one per page view."""

    def read():
        topics: dict[int, list[Tag]] = {}
        rows = CourseTag.objects.select_related("tag").order_by("tag__name")
        for row in rows:
            topics.setdefault(row.content_object_id, []).append(row.tag)
        return topics

    return cache.get_or_set("lernwerk_course_topics", read, timeout=None)


def published_outlines(course_ids) -> dict[int, tuple[CoursePage, list[ModulePage]]]:
    """Live courses by id, each with its live modules in order: for lists of many
    courses with the step to take next (the start page's "Weiterlernen").

    The same for every reader: kept per course in the site-versioned cache
    (``core.cache``), which publishing, moving or deleting any page refreshes; the
    courses not cached yet are read in two queries. Ids of courses that are not live
    are left out. Pages come without their StreamFields.
    """
    keys = {f"lernwerk_course_outline:{pk}": pk for pk in set(course_ids)}
    found = cache.get_many(list(keys))
    missing = [pk for key, pk in keys.items() if key not in found]
    if missing:
        read = _read_outlines(missing)
        fresh = {f"lernwerk_course_outline:{pk}": read.get(pk) for pk in missing}
        cache.set_many(fresh, timeout=None)
        found.update(fresh)
    return {keys[key]: outline for key, outline in found.items() if outline is not None}


def _read_outlines(course_ids) -> dict[int, tuple[CoursePage, list[ModulePage]]]:
    courses = {
        course.path: course
        for course in CoursePage.objects.live().filter(pk__in=course_ids).defer_streamfields()
    }
    modules: dict[str, list[ModulePage]] = {path: [] for path in courses}
    rows = (
        ModulePage.objects.live()
        .annotate(course_path=ParentPath("path"))
        .filter(course_path__in=list(courses))
        .defer_streamfields()
        .order_by("path")
    )
    for module in rows:
        modules[parent_path(module.path)].append(module)
    return {course.pk: (course, modules[path]) for path, course in courses.items()}


def topics_of_visible(user, visible, tagged_items: str, listing: str) -> list[Tag]:
    """The topic tags of the pages in ``visible`` (tagged through the relation
    ``tagged_items``), for a listing's filter: the same for all readers who see the same
    sections, so kept per listing and set of hidden sections in the site-versioned cache
    (publishing refreshes it)."""
    key = f"lernwerk_{listing}_topics:" + ",".join(hidden_section_paths(user))
    return cache.get_or_set(
        key,
        lambda: list(
            Tag.objects.filter(**{f"{tagged_items}__content_object__in": visible})
            .distinct()
            .order_by("name")
        ),
        timeout=None,
    )


def municipality_of_section() -> dict[str, str]:
    """Path of each municipality's section -> the municipality's name, for every page
    that names its owner; kept in the site-versioned cache (a new section is published,
    a renamed municipality bumps the site version)."""
    return cache.get_or_set(
        "lernwerk_section_municipalities",
        lambda: dict(
            SectionPage.objects.filter(municipality__isnull=False).values_list(
                "path", "municipality__name"
            )
        ),
        timeout=None,
    )


class CourseIndexPage(HidesChildrenWhenNotLive, Page):
    """The course catalogue of a section.

    Every catalogue lists all courses the reader may see (the shared ones and those of
    their own municipality), so staff find everything from one place; where a course is
    authored only decides who may see and edit it.
    """

    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Kurzer Text über dem Katalog."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["organisations.SectionPage"]
    subpage_types = ["courses.CoursePage"]
    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("Kurskatalog")
        verbose_name_plural = _("Kurskataloge")

    @classmethod
    def can_create_at(cls, parent):
        """One catalogue per section."""
        return super().can_create_at(parent) and not parent.get_children().type(cls).exists()

    def catalogue(self, request) -> dict:
        """Courses visible to the reader, filtered by tag, level, duration and query.

        The parameters are read through ``CatalogueFilterForm``: a refused one (a NUL
        byte, a level not on the list) is left out and hinted at on the page.
        """
        visible = pages_visible_to(CoursePage.objects.live(), request.user).defer_streamfields()
        courses = visible
        filter_form = CatalogueFilterForm(request.GET)
        selected = filter_form.filters()
        tag, level, duration, query = (selected[key] for key in ("thema", "stufe", "dauer", "q"))
        if tag:
            courses = courses.filter(tags__slug=tag)
        if level:
            courses = courses.filter(level=level)
        if duration:
            _label, low, high = DURATION_FILTERS[duration]
            courses = courses.filter(duration_minutes__gte=low)
            if high is not None:
                courses = courses.filter(duration_minutes__lte=high)
        module_hits: dict[str, list[Page]] = {}
        if query:
            # Search the unfiltered set (search backends filter on indexed fields only),
            # then intersect with the filters. The hits are few and all read at once,
            # so the page of results is cut in Python, without a count query.
            course_ids, module_hits = search_courses_and_modules(query, request.user)
            courses = courses.filter(Q(pk__in=course_ids) | Q(path__in=list(module_hits)))
            courses = list(courses.select_related("cover_image").order_by("title"))
        else:
            courses = courses.select_related("cover_image").order_by("title")
        page = Paginator(courses, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("seite"))
        page.object_list = list(page.object_list)
        prefetch_related_objects(page.object_list, "cover_image__renditions")
        topics = topics_by_course()
        for course in page.object_list:
            course.module_hits = module_hits.get(course.path, [])
            course.topics = topics.get(course.pk, [])
        other_hits = []
        if query:
            for search in hooks.get_hooks(CATALOGUE_SEARCH_HOOK):
                found = search(request, query, tag)
                if found:
                    other_hits.append(found)
        return {
            "courses": page,
            "other_hits": other_hits,
            "query": query,
            "selected": {"thema": tag, "stufe": level, "dauer": duration},
            "filter_form": filter_form,
            "tags": self.topics_for(request.user, visible),
            "levels": Level.choices,
            "durations": [(key, value[0]) for key, value in DURATION_FILTERS.items()],
        }

    @staticmethod
    def topics_for(user, visible) -> list[Tag]:
        """The topics of the courses a reader may see, for the filter."""
        return topics_of_visible(user, visible, "courses_coursetag_items", "catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.catalogue(request))
        return context


class CourseTag(TaggedItemBase):
    """Topic tags of courses; knowledge articles share the same ``taggit.Tag`` vocabulary."""

    content_object = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CoursePage(HidesChildrenWhenNotLive, Page):
    teaser = models.TextField(
        _("Kurzbeschreibung"),
        max_length=400,
        help_text=_("Zwei, drei Sätze für den Katalog: worum geht es, was lernt man?"),
    )
    objectives = RichTextField(
        _("Lernziele"),
        features=["ul", "bold"],
        help_text=_("Als Aufzählung: „Nach dem Kurs können Sie …“"),
    )
    target_group = models.CharField(
        _("Zielgruppe"),
        max_length=255,
        help_text=_("z. B. „Sachbearbeitende in Bürgerbüros“ oder „alle Beschäftigten“."),
    )
    level = models.CharField(_("Niveau"), max_length=20, choices=Level.choices, default=Level.BASIC)
    tags = ClusterTaggableManager(
        through=CourseTag,
        blank=True,
        verbose_name=_("Themen"),
        help_text=_("Schlagworte, die auch Wissensartikel verwenden, z. B. „E-Akte“."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Titelbild"),
    )
    cover_image_alt = models.CharField(
        _("Alternativtext des Titelbilds"),
        max_length=255,
        blank=True,
        help_text=_("Pflicht, wenn ein Titelbild gewählt ist: was ist darauf zu sehen?"),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("Voraussetzungen"),
        help_text=_("Kurse, die vorher abgeschlossen sein sollten."),
    )
    duration_minutes = models.PositiveIntegerField(
        _("Geschätzte Dauer (Minuten)"),
        default=0,
        editable=False,
        help_text=_("Summe der veröffentlichten Module; wird automatisch berechnet."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("objectives"),
        FieldRowPanel([FieldPanel("target_group"), FieldPanel("level")]),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_image_alt")], heading=_("Titelbild")
        ),
        FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
    ]
    base_form_class = CoursePageForm
    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("objectives"),
        index.SearchField("target_group"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("level"),
        index.FilterField("duration_minutes"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("Kurs")
        verbose_name_plural = _("Kurse")

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_image_alt.strip():
            raise ValidationError(
                {
                    "cover_image_alt": _(
                        "Bitte beschreiben Sie das Titelbild mit einem Alternativtext."
                    )
                }
            )

    def modules(self):
        """Live modules in their order, without their (large) bodies."""
        return ModulePage.objects.child_of(self).live().defer_streamfields().order_by("path")

    def refresh_duration(self) -> int:
        """Recompute the estimated duration from the live modules (called on publish)."""
        total = self.modules().aggregate(total=Sum("estimated_minutes"))["total"] or 0
        CoursePage.objects.filter(pk=self.pk).update(duration_minutes=total)
        self.duration_minutes = total
        return total

    @cached_property
    def section_name(self) -> str:
        """The municipality a course belongs to, or "" for shared courses."""
        names = municipality_of_section()
        return next((names[path] for path in ancestor_paths(self.path) if path in names), "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        preview = getattr(request, "is_preview", False)
        if preview or self.pk not in (outlines := published_outlines([self.pk])):
            modules = list(self.modules())
        else:
            modules = outlines[self.pk][1]
        context["modules"] = modules
        # (module, status) pairs; a status comes from an app above (``learning``).
        context["module_statuses"] = [(module, None) for module in modules]
        if preview:  # a draft: its own tags and links
            context["tags"] = list(self.tags.all())
            prerequisites = self.live_prerequisites()
        else:
            published = self.published_facts()
            context["tags"] = published["tags"]
            prerequisites = published["prerequisites"]
        hidden = hidden_section_paths(request.user)
        context["prerequisites"] = [
            course for course in prerequisites if not course.path.startswith(tuple(hidden))
        ]
        return add_hooked_context(self, request, context)

    def published_facts(self) -> dict:
        """Tags and live prerequisites of the published course, the same for every
        reader: kept in the site-versioned cache (``core.cache``), which publishing any
        page refreshes. Each reader then drops the prerequisites they may not see."""

        def read():
            return {
                "tags": list(self.tags.all()),
                "prerequisites": list(
                    self.live_prerequisites().only("title", "url_path", "path", "depth")
                ),
            }

        return cache.get_or_set(f"lernwerk_course_facts:{self.pk}", read, timeout=None)

    def live_prerequisites(self):
        """The live prerequisite courses, as a page queryset.

        Read through the ids: on a page rebuilt from a revision (preview, "view draft", a
        copy) the relation is modelcluster's in-memory ``FakeQuerySet``, which has no page
        queryset methods such as ``live()``; the ids work for both.
        """
        ids = self.prerequisites.values_list("id", flat=True)
        return CoursePage.objects.live().filter(pk__in=ids).defer_streamfields()


class ModulePage(Page):
    class CompletionRule(models.TextChoices):
        READ = "read", _("Bis zum Ende gelesen")
        QUIZ = "quiz", _("Quiz bestanden")

    summary = models.TextField(
        _("Zusammenfassung"), max_length=600, help_text=_("Worum es in diesem Modul geht.")
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("Geschätzte Dauer (Minuten)"), default=10, help_text=_("Realistische Bearbeitungszeit.")
    )
    optional = models.BooleanField(
        _("Optional"),
        default=False,
        help_text=_("Optionale Module zählen nicht für den Abschluss des Kurses."),
    )
    completion_rule = models.CharField(
        _("Abschluss"),
        max_length=10,
        choices=CompletionRule.choices,
        default=CompletionRule.READ,
        help_text=_("„Quiz bestanden“ setzt ein Quiz im Inhalt voraus."),
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("Inhalt"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("optional"), FieldPanel("completion_rule")]
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("Modul")
        verbose_name_plural = _("Module")

    def clean(self):
        super().clean()
        if self.completion_rule == self.CompletionRule.QUIZ and self.quiz is None:
            raise ValidationError(
                {"completion_rule": _("Für „Quiz bestanden“ braucht das Modul ein Quiz im Inhalt.")}
            )

    @property
    def quiz(self):
        """The module's quiz block as a StreamField child (``.id``, ``.block``, ``.value``)."""
        for child in self.body:
            if child.block_type == "quiz":
                return child
        return None

    @cached_property
    def course(self) -> CoursePage:
        """The course above; when the module was routed, the page the router loaded
        (its course fields are then read on first use)."""
        parent = routed_parent(self)
        if parent is not None:
            course = parent.specific_deferred
            if (catalogue := routed_parent(parent)) is not None:
                course._cached_parent_obj = catalogue
            return course
        return CoursePage.objects.parent_of(self).defer_streamfields().get()

    def siblings(self, modules=None) -> tuple[ModulePage | None, ModulePage | None]:
        """The previous and next live module of the same course: from ``modules`` (the
        course's live modules in order, e.g. its cached outline) when this module is one
        of them, else read in one query (a draft in preview)."""
        position = next((n for n, m in enumerate(modules or ()) if m.pk == self.pk), None)
        if position is not None:
            previous = modules[position - 1] if position > 0 else None
            following = modules[position + 1] if position + 1 < len(modules) else None
            return previous, following
        # One query for both: a course has tens of modules, not thousands.
        modules = list(
            ModulePage.objects.sibling_of(self, inclusive=False)
            .live()
            .only("title", "url_path", "path", "depth")
            .order_by("path")
        )
        previous = [module for module in modules if module.path < self.path]
        following = [module for module in modules if module.path > self.path]
        return (previous[-1] if previous else None), (following[0] if following else None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["course"] = course = self.course
        modules = None
        if not getattr(request, "is_preview", False):
            outline = published_outlines([course.pk]).get(course.pk)
            modules = outline[1] if outline else None
        context["previous_module"], context["next_module"] = self.siblings(modules)
        return add_hooked_context(self, request, context)
