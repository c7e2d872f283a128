"""The URL walk's machinery: the two-municipality world, the URL patterns and how each is filled.

``tests/test_url_walk.py`` requests every URL pattern of the project and of the Wagtail
admin as each role and checks the answers. This module knows

- **the world** (``build_world``): Blomberg (``own``) and Lügde (``other``), each with
  its section, catalogue, courses, modules, library, articles, documents, images, units,
  positions, staff, mandatory training, certificate and handover. Everything that must
  never reach the other municipality carries a sentinel title
  (``SENTINEL-Luegde-Kursentwurf-1a2b3c4d``): unpublished pages, the course catalogue
  (courses are not read across the cooperation), internal ("intern") and unpublished
  articles, documents (whose file content is a sentinel too) and images. The ten roles
  are people of Blomberg.
- **the patterns** (``url_patterns``): the resolver walked recursively, each pattern
  with its full route as ``ResolverMatch.route`` spells it.
- **how to fill them** (``probes_for``): each pattern has a *subject* (a page, a
  document, an org unit, …), found from its name, the model of its view or its
  parameter names. The subject gives one variant per object, Blomberg's and Lügde's, so
  every view is asked for its own and for the other municipality's ids. A pattern that
  cannot be filled must be in ``ALLOWLIST`` with the reason.
"""

from __future__ import annotations

import datetime
import io
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import quote

from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
    Task,
    UploadedFile,
    Workflow,
    WorkflowPage,
)

from core.models import ReportAccess
from courses.models import CoursePage
from courses.tests.factories import (
    make_course,
    make_course_index,
    make_module,
    sample_quiz,
    section_of,
    text_block,
)
from handovers.models import Handover
from knowledge.tests.factories import make_article, make_library, step
from learning.models import Assignment, Exemption, ExternalCompletion
from learning.tests.factories import make_assignment, make_completion
from organisations.models import (
    Employee,
    EmployeeImport,
    Municipality,
    OrgUnit,
    Position,
    RoleGroup,
)
from organisations.roles import Role
from organisations.tests.factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_position,
    make_unit,
)

#: Every sentinel starts so; ``SENTINEL-Luegde`` marks what Blomberg must never see.
SENTINEL = "SENTINEL"

#: The LeiKa key both municipalities' articles share, so compare has something to align.
LEIKA_KEY = "99036011000000"

#: The ten roles of issue 10, all people of Blomberg, plus the anonymous visitor.
ROLES = (
    "employee",
    "article_owner",
    "article_deputy",
    "trainer",
    "shared_trainer",
    "editor",
    "shared_editor",
    "manager",
    "sub_manager",
    "cooperation_admin",
)
ANONYMOUS = "anonymous"

#: The Kooperations-Admin sees every municipality by design (``tenancy.is_cooperation_admin``):
#: for that role another municipality's titles are no leak, so only 5xx and the cache
#: header are checked.
SEES_EVERY_MUNICIPALITY = {"cooperation_admin"}


# --- The world ------------------------------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _build_side(name: str, slug: str, word: str, token: str, home: Page) -> SimpleNamespace:
    """One municipality with everything the walk asks for, its secrets named as sentinels."""

    def sentinel(kind: str) -> str:
        return f"{SENTINEL}-{word}-{kind}-{token}"

    s = SimpleNamespace(word=word)
    s.municipality = make_municipality(name, slug=slug)
    s.section = section_of(s.municipality)
    s.collection = s.municipality.collection
    s.root_unit = make_unit(s.municipality, f"Verwaltung {name}")
    s.sub_unit = make_unit(s.municipality, f"Bürgerbüro {name}", parent=s.root_unit)
    s.owner_post = make_position(s.sub_unit, f"Sachgebietsleitung {name}")
    s.deputy_post = make_position(s.sub_unit, f"Vertretung {name}")
    s.clerk_post = make_position(s.sub_unit, f"Sachbearbeitung {name}")
    s.leaver_post = make_position(s.sub_unit, f"Kasse {name}")
    s.employee = make_employee(
        unit=s.sub_unit, position=s.clerk_post, first_name="Erika", last_name=name
    )
    s.user = s.employee.user
    s.manager = make_manager(s.root_unit, first_name="Manfred", last_name=name)

    # Courses: not read across the cooperation, so the whole catalogue is a secret.
    s.course_index = make_course_index(s.section, sentinel("Katalog"), slug=f"kurse-{slug}")
    s.course = make_course(s.course_index, sentinel("Kurs"), slug=f"kurs-{slug}")
    s.module = make_module(
        s.course,
        sentinel("Modul"),
        slug=f"modul-{slug}",
        body=[text_block("<p>Lerninhalt.</p>"), sample_quiz()],
    )
    draft = CoursePage.objects.get(pk=s.course.pk)
    draft.title = sentinel("Kursentwurfstitel")
    draft.save_revision()  # a draft over the live course (issue 10, item 4)
    s.course_draft = make_course(
        s.course_index, sentinel("Kursentwurf"), slug=f"entwurf-{slug}", publish=False
    )
    # Articles: public ones are read across the cooperation; intern and drafts are not.
    s.library = make_library(s.section, f"Prozesse {name}", slug=f"prozesse-{slug}")
    s.article = make_article(
        s.library,
        f"Fahrzeugabmeldung {name}",
        slug=f"abmeldung-{slug}",
        steps=[step("Antrag erfassen", category="eingang")],
        leika_key=LEIKA_KEY,
        owner_position=s.owner_post,
        deputy_position=s.deputy_post,
        responsible_unit=s.sub_unit,
        acknowledgement_positions=[s.clerk_post],
        next_review_date=timezone.localdate() + datetime.timedelta(days=5),
    )
    s.article.purpose = "Überarbeitet."
    s.article.save_revision()
    s.intern_article = make_article(
        s.library,
        sentinel("Internartikel"),
        slug=f"intern-{slug}",
        intern=True,
        leika_key=LEIKA_KEY,
        owner_position=s.leaver_post,
    )
    s.article_draft = make_article(
        s.library,
        sentinel("Artikelentwurf"),
        slug=f"artikelentwurf-{slug}",
        leika_key=LEIKA_KEY,
        publish=False,
    )
    s.workflow = WorkflowPage.objects.get(page=s.section).workflow
    s.task = Task.objects.filter(workflow_tasks__workflow=s.workflow).first().specific
    # Both courses wait for the Redaktion: the draft and the live course's new revision.
    for course in (s.course, s.course_draft):
        s.workflow.start(course, s.manager.user)
        course.refresh_from_db()

    Document = get_document_model()
    s.document = Document.objects.create(
        title=sentinel("Dokument"),
        file=ContentFile(sentinel("Dokumentinhalt").encode(), name=f"notiz-{slug}.txt"),
        collection=s.collection,
    )
    s.image = get_image_model().objects.create(
        title=sentinel("Bild"),
        file=ImageFile(io.BytesIO(_png()), name=f"bild-{slug}.png"),
        collection=s.collection,
    )
    s.upload_document = UploadedFile.objects.create(
        file=ContentFile(b"Hochgeladen", name=f"hoch-{slug}.txt"),
        for_content_type=ContentType.objects.get_for_model(Document),
        uploaded_by_user=s.manager.user,
    )
    s.upload_image = UploadedFile.objects.create(
        file=ImageFile(io.BytesIO(_png()), name=f"hoch-{slug}.png"),
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
        uploaded_by_user=s.manager.user,
    )
    # A password restriction each, on pages and collections nobody else uses.
    s.page_restriction = PageViewRestriction.objects.create(
        page=s.course_draft, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    protected = Collection.get_first_root_node().add_child(name=f"Geschützt {name}")
    s.collection_restriction = CollectionViewRestriction.objects.create(
        collection=protected, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    s.editing_session = EditingSession.objects.create(
        user=s.manager.user,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(s.article.pk),
        last_seen_at=timezone.now(),
    )

    # Mandatory training, completions, exemptions, the report log.
    s.assignment = make_assignment(s.course, s.municipality)
    s.completion = make_completion(s.user, s.course)
    s.external_completion = ExternalCompletion.objects.create(
        employee=s.employee,
        course=s.course,
        kind=ExternalCompletion.Kind.EXTERNAL,
        completed_on=timezone.localdate(),
        note=sentinel("Notiz"),
    )
    s.exemption = Exemption.objects.create(
        employee=s.employee,
        reason=Exemption.Reason.OTHER,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    s.report_access = ReportAccess.objects.create(
        user=s.manager.user, username=s.manager.user.username, report="overdue"
    )
    # A handover: the holder of the intern article's position leaves in a month.
    s.leaver = make_employee(
        unit=s.sub_unit, position=s.leaver_post, first_name="Lena", last_name=name
    )
    s.leaver.leaving_date = timezone.localdate() + datetime.timedelta(days=30)
    s.leaver.save()
    s.handover = Handover.objects.get(leaver=s.leaver)
    s.handover_item = s.handover.items.order_by("pk").first()
    s.trainer_group = s.municipality.role_group(Role.TRAINER)
    # A staff import that was refused: its file name and line errors name people.
    s.employee_import = EmployeeImport.objects.create(
        municipality=s.municipality,
        uploaded_by=s.manager.user,
        file_name=f"{sentinel('Importdatei')}.csv",
        data=b"Personalnummer;Vorname\n",
        status=EmployeeImport.Status.REJECTED,
        errors=[[2, sentinel("Importfehler")]],
        error_count=1,
    )
    s.sentinels = {
        title
        for title in Page.objects.filter(path__startswith=s.section.path).values_list(
            "draft_title", flat=True
        )
        if title.startswith(SENTINEL)
    } | {sentinel("Kurs"), s.document.title, sentinel("Dokumentinhalt"), s.image.title}
    s.home = home
    return s


def build_world() -> SimpleNamespace:
    """Blomberg (``own``) and Lügde (``other``), and the ten roles as people of Blomberg."""
    token = uuid.uuid4().hex[:8]
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    w = SimpleNamespace(site=site, home=home, token=token)
    w.own = _build_side("Blomberg", "blomberg", "Blomberg", token, home)
    w.other = _build_side("Lügde", "luegde", "Luegde", token, home)
    w.shared_section = section_of(None)
    w.access_attempt = AccessAttempt.objects.create(
        username="vertipper",
        ip_address="10.0.0.1",
        user_agent="Browser",
        get_data="",
        post_data="",
        http_accept="text/html",
        path_info="/konto/anmelden/",
        failures_since_start=3,
    )

    own = w.own
    people = {
        "employee": own.employee,
        "article_owner": make_employee(unit=own.sub_unit, position=own.owner_post),
        "article_deputy": make_employee(unit=own.sub_unit, position=own.deputy_post),
        "trainer": make_employee(own.municipality, roles=[Role.TRAINER]),
        "shared_trainer": make_employee(own.municipality),
        "editor": make_employee(own.municipality, roles=[Role.EDITOR]),
        "shared_editor": make_employee(own.municipality),
        "manager": own.manager,
        "sub_manager": make_manager(own.sub_unit),
    }
    for role, shared_role in (("shared_trainer", Role.TRAINER), ("shared_editor", Role.EDITOR)):
        people[role].user.groups.add(
            RoleGroup.objects.get(municipality=None, role=shared_role).group
        )
    w.users = {role: employee.user for role, employee in people.items()}
    w.users["cooperation_admin"] = make_cooperation_admin()
    return w


# --- The patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """One URL pattern with the route ``resolve()`` reports for it."""

    route: str
    name: str  # namespaced, "" when the pattern has none
    pattern: URLPattern = field(compare=False)

    @property
    def key(self) -> str:
        """How the allowlist and the failure messages name the pattern."""
        return f"{self.name} {self.route}" if self.name else self.route

    @property
    def params(self) -> tuple[str, ...]:
        regex = self.pattern.pattern.regex
        if regex.groupindex:
            return tuple(regex.groupindex)
        return tuple(f"#{n}" for n in range(regex.groups))

    @property
    def model(self):
        view = self.pattern.callback
        model = getattr(view, "view_initkwargs", {}).get("model") or getattr(
            getattr(view, "view_class", None), "model", None
        )
        return model if isinstance(model, type) else None


def _join(route: str, part) -> str:
    # As django.urls.resolvers.URLResolver._join_route, so keys equal ResolverMatch.route.
    text = str(part)
    if not route:
        return text
    return route + (text[1:] if text.startswith("^") else text)


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, the Wagtail admin's included."""

    def walk(resolver, route: str, namespace: tuple[str, ...]) -> Iterator[Pattern]:
        for entry in resolver.url_patterns:
            full = _join(route, entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespace + ((entry.namespace,) if entry.namespace else ())
                yield from walk(entry, full, inner)
            else:
                name = ":".join(namespace + (entry.name,)) if entry.name else ""
                yield Pattern(full, name, entry)

    return list(walk(get_resolver(), "", ()))


# --- Filling the patterns -------------------------------------------------------------------

#: Patterns the walk does not request, with the reason. A pattern neither filled nor
#: listed here fails ``test_every_url_pattern_is_walked``.
ALLOWLIST = {
    "admin/.*/$": "The admin's catch-all 404 for unknown addresses: no view behind it "
    "(walked once as /admin/gibt-es-nicht/ through the `admin/test404/` entry).",
    "wagtailsettings:edit admin/settings/<slug:app_name>/<slug:model_name>/": (
        "No settings model is registered (wagtail.contrib.settings registry is empty)."
    ),
    "wagtailsettings:edit admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": (
        "No settings model is registered (wagtail.contrib.settings registry is empty)."
    ),
    "wagtailsettings:preview_on_edit admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/"
    "preview/": "No settings model is registered (wagtail.contrib.settings registry is empty).",
    "wagtailadmin_error_test admin/failwhale/": (
        "Wagtail's deliberate 500 for testing error pages (raises on purpose)."
    ),
}

#: Endpoints that render a PDF with WeasyPrint (about a second each on this machine): only
#: these roles request them, so the walk stays within its time budget. Other roles'
#: refusals are covered by the apps' own tests (handovers/tests/test_handover_views.py,
#: knowledge/tests/test_articles.py, learning/tests/test_certificates.py).
PDF_ROLES = {
    "knowledge:article_pdf": {"employee", ANONYMOUS},
    "handovers:pdf": {"manager", ANONYMOUS},
    "learning:certificate": {"employee", ANONYMOUS},
}


@dataclass
class Probe:
    """One request of the walk."""

    url: str
    label: str  # which object: "own", "other", "shared", "none"


Variant = tuple[str, dict]  # (label, parameter values)


def _page_path(page: Page, w) -> str:
    return page.url_path[len(w.home.url_path) :]


def _sides(w):
    return (("own", w.own), ("other", w.other))


def _page_params(page: Page, w) -> dict:
    page = page.specific
    parent = page.get_parent()
    params = {
        "page_id": page.pk,
        "pk": page.pk,
        "page_to_move_id": page.pk,
        "parent_page_id": page.pk,
        "destination_id": parent.pk,
        "revision_id": page.latest_revision_id,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "content_type_app_name": page._meta.app_label,
        "content_type_model_name": page._meta.model_name,
        "action_name": "copy",
    }
    state = page.current_workflow_state
    if state is not None:
        task_state = state.current_task_state
        params.update(
            workflow_state_id=state.pk,
            task_state_id=task_state.pk,
            task_id=task_state.task_id,
        )
    return params


def _pages(w) -> list[Variant]:
    """Pages whose admin views are walked.

    Blomberg's cover the states a page can be in: a live course whose new revision waits
    in the workflow, and the article its stewards edit (live, with a draft). Lügde's are
    its secrets: a never-published draft in the workflow and an internal article.
    """
    own, other = w.own, w.other
    pages = [
        ("own", own.course),
        ("own", own.article),
        ("other", other.course_draft),
        ("other", other.intern_article),
    ]
    return [(label, _page_params(page, w)) for label, page in pages]


def _containers(w) -> list[Variant]:
    """Pages whose children are listed: explorer, chooser, admin API."""
    own, other = w.own, w.other
    pages = [
        ("shared", w.home),
        ("own", own.course_index),
        ("other", other.section),
        ("other", other.course_index),
        ("other", other.library),
    ]
    return [(label, {"parent_page_id": page.pk, "pk": page.pk}) for label, page in pages]


def _adding(w) -> list[Variant]:
    """Adding a page of a type below its parent (a course below a catalogue, …)."""
    variants = []
    for label, side in _sides(w):
        for page in (side.course, side.article):
            params = _page_params(page, w)
            params["parent_page_id"] = page.get_parent().pk
            variants.append((label, params))
    return variants


def _per_side(getter: Callable, **aliases: Callable) -> Callable:
    """Variants from one object per municipality; ``aliases`` name further parameters."""

    def variants(w) -> list[Variant]:
        result = []
        for label, side in _sides(w):
            obj = getter(side)
            params = {"pk": obj.pk}
            params.update({name: fn(obj) for name, fn in aliases.items()})
            result.append((label, params))
        return result

    return variants


def _shared(getter: Callable) -> Callable:
    return lambda w: [("shared", {"pk": getter(w).pk})]


def _ids(*names: str) -> dict:
    return {name: (lambda obj: obj.pk) for name in names}


#: Objects of a model, one per municipality (or one for all), for generic views by model.
MODEL_SUBJECTS = {
    Municipality: _per_side(lambda s: s.municipality),
    OrgUnit: _per_side(lambda s: s.sub_unit, **_ids("unit_id")),
    Position: _per_side(lambda s: s.owner_post),
    Employee: _per_side(lambda s: s.employee),
    Assignment: _per_side(lambda s: s.assignment),
    ExternalCompletion: _per_side(lambda s: s.external_completion),
    Exemption: _per_side(lambda s: s.exemption),
    ReportAccess: _per_side(lambda s: s.report_access),
    Collection: _per_side(lambda s: s.collection, **_ids("collection_id")),
    Workflow: _per_side(lambda s: s.workflow),
    Task: _per_side(lambda s: s.task, **_ids("task_id")),
    Group: _per_side(lambda s: s.trainer_group),
    AccessAttempt: _shared(lambda w: w.access_attempt),
    Site: _shared(lambda w: w.site),
}


def _documents(w) -> list[Variant]:
    return _per_side(lambda s: s.document, **_ids("document_id", "doc_id"))(w)


def _images(w) -> list[Variant]:
    return _per_side(lambda s: s.image, filter_spec=lambda _: "fill-80x80", **_ids("image_id"))(w)


def _users(w) -> list[Variant]:
    return _per_side(lambda s: s.user)(w)


def _bulk_actions(w) -> list[tuple[str, dict, str]]:
    """Every registered bulk action, for Blomberg's and Lügde's objects (``?id=``)."""
    objects = {
        ("wagtailcore", "page"): lambda s: s.course_draft,
        ("wagtaildocs", "document"): lambda s: s.document,
        ("wagtailimages", "image"): lambda s: s.image,
        ("auth", "user"): lambda s: s.user,
    }
    bulk_action_registry._scan_for_bulk_actions()
    probes = []
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            for action in actions:
                getter = objects[(app_label, model_name)]
                for label, side in _sides(w):
                    params = {"app_label": app_label, "model_name": model_name, "action": action}
                    probes.append((label, params, f"id={getter(side).pk}"))
    return probes


#: Subjects by pattern name: what a pattern's parameters refer to.
SUBJECTS_BY_NAME: dict[str, Callable] = {
    "wagtailadmin_explore": _containers,
    "wagtailadmin_explore_results": _containers,
    "wagtailadmin_choose_page_child": _containers,
    "wagtailadmin_pages:add": _adding,
    "wagtailadmin_pages:preview_on_add": _adding,
    "wagtailadmin_pages:type_use": _adding,
    "wagtailadmin_pages:type_use_results": _adding,
    "wagtailadmin_pages:add_subpage": _containers,
    "wagtailadmin_pages:choose_parent": lambda w: [
        (
            label,
            {"app_label": p["content_type_app_name"], "model_name": p["content_type_model_name"]},
        )
        for label, p in _adding(w)
    ],
    "learning_reports:completion_matrix_unit": MODEL_SUBJECTS[OrgUnit],
    "learning_reports:completion_matrix_unit_results": MODEL_SUBJECTS[OrgUnit],
    "wagtailadmin_api:pages:detail": _pages,
    "wagtailadmin_api:pages:action": _pages,
    "wagtailadmin_api:documents:detail": _documents,
    "wagtailadmin_api:images:detail": _images,
    "wagtaildocs_chooser:chosen": _documents,
    "wagtailimages_chooser:chosen": _images,
    "wagtailimages_chooser:select_format": _images,
    "wagtailimages:preview": _images,
    "wagtailusers_users:edit": _users,
    "wagtailusers_users:delete": _users,
    "wagtailusers_users:history": _users,
    "wagtailusers_users:history_results": _users,
    "wagtailusers_users:usage": _users,
    "wagtailusers_users:copy": _users,
    "wagtailadmin_collections:set_privacy": MODEL_SUBJECTS[Collection],
    "wagtailadmin_workflows:enable": MODEL_SUBJECTS[Workflow],
    "wagtailadmin_workflows:usage": MODEL_SUBJECTS[Workflow],
    "wagtailadmin_workflows:usage_results": MODEL_SUBJECTS[Workflow],
    "wagtailadmin_workflows:remove": lambda w: [
        (label, {"page_pk": side.section.pk, "workflow_pk": side.workflow.pk})
        for label, side in _sides(w)
    ],
    "wagtailadmin_workflows:add_task": lambda w: [
        ("none", {"app_label": "wagtailcore", "model_name": "groupapprovaltask"})
    ],
    "wagtailadmin_workflows:edit_task": MODEL_SUBJECTS[Task],
    "wagtailadmin_workflows:enable_task": MODEL_SUBJECTS[Task],
    "wagtailadmin_workflows:task_chosen": MODEL_SUBJECTS[Task],
    "wagtailadmin_editing_sessions:ping": lambda w: [
        (
            label,
            {
                "app_label": "wagtailcore",
                "model_name": "page",
                "object_id": side.article.pk,
                "session_id": side.editing_session.pk,
            },
        )
        for label, side in _sides(w)
    ],
    "wagtailadmin_editing_sessions:release": _per_side(
        lambda s: s.editing_session, **_ids("session_id")
    ),
    "wagtailadmin_tag_model_autocomplete": lambda w: [
        ("none", {"app_name": "taggit", "model_name": "tag"})
    ],
    "wagtaildocs:edit_multiple": _documents,
    "wagtaildocs:delete_multiple": _documents,
    "wagtaildocs:create_multiple_from_uploaded_document": _per_side(
        lambda s: s.upload_document, **_ids("uploaded_file_id")
    ),
    "wagtaildocs:delete_upload_multiple": _per_side(
        lambda s: s.upload_document, **_ids("uploaded_file_id")
    ),
    "wagtailimages:edit_multiple": _images,
    "wagtailimages:delete_multiple": _images,
    "wagtailimages:create_multiple_from_uploaded_image": _per_side(
        lambda s: s.upload_image, **_ids("uploaded_file_id")
    ),
    "wagtailimages:delete_upload_multiple": _per_side(
        lambda s: s.upload_image, **_ids("uploaded_file_id")
    ),
    "wagtaildocs_authenticate_with_password": _per_side(
        lambda s: s.collection_restriction, **_ids("restriction_id")
    ),
    "wagtailcore_authenticate_with_password": lambda w: [
        (
            label,
            {"page_view_restriction_id": side.page_restriction.pk, "page_id": side.course_draft.pk},
        )
        for label, side in _sides(w)
    ],
    "password_reset_confirm": lambda w: [("none", {"uidb64": "MQ", "token": "set-password"})],
    "wagtailadmin_password_reset_confirm": lambda w: [
        ("none", {"uidb64": "MQ", "token": "abc-def"})
    ],
    "learning:submit_quiz": _per_side(lambda s: s.module, **_ids("module_id")),
    "learning:complete_module": _per_side(lambda s: s.module, **_ids("module_id")),
    "learning:restart_course": _per_side(lambda s: s.course, **_ids("course_id")),
    "learning:certificate": _per_side(lambda s: s.completion),
    "knowledge:compare": lambda w: [("shared", {"leika_key": LEIKA_KEY})],
    "knowledge:article_pdf": lambda w: [
        ("own", {"pk": w.own.article.pk}),
        ("other", {"pk": w.other.intern_article.pk}),
        ("other", {"pk": w.other.article_draft.pk}),
    ],
    "knowledge:acknowledge": lambda w: [
        ("own", {"article_id": w.own.article.pk}),
        ("other", {"article_id": w.other.intern_article.pk}),
    ],
    "knowledge:mark_reviewed": lambda w: [
        ("own", {"article_id": w.own.article.pk}),
        ("other", {"article_id": w.other.intern_article.pk}),
    ],
    "employee_import:status": _per_side(lambda s: s.employee_import),
    "handovers:detail": _per_side(lambda s: s.handover),
    "handovers:pdf": _per_side(lambda s: s.handover),
    "handovers:successor": _per_side(lambda s: s.handover),
    "handovers:item_complete": _per_side(lambda s: s.handover_item),
    "handovers:item_reopen": _per_side(lambda s: s.handover_item),
    "handovers:item_notes": _per_side(lambda s: s.handover_item),
    "handovers:item_assign": _per_side(lambda s: s.handover_item),
}


def _serve_paths(w) -> list[tuple[str, str]]:
    """Front-end pages: every page of both municipalities, searches included."""
    own, other = w.own, w.other
    paths = [("shared", "")]
    for label, side in _sides(w):
        for page in (
            side.section,
            side.course_index,
            side.course,
            side.module,
            side.course_draft,
            side.library,
            side.article,
            side.intern_article,
            side.article_draft,
        ):
            paths.append((label, _page_path(page, w)))
    for page in (own.course_index, own.library, other.library):
        path = _page_path(page, w)
        paths += [
            ("search", f"{path}?q={SENTINEL}"),
            ("search", f"{path}?q=%00"),
            ("search", f'{path}?q="'),
        ]
    paths.append(("search", f"{_page_path(own.library, w)}?kommune={other.municipality.slug}"))
    paths.append(("own", f"{_page_path(own.module, w)}?versuch=1"))
    return paths


#: Query strings requested besides the bare address, by pattern name (``{SENTINEL}`` and
#: the NUL byte probe every search; ``export=csv`` every report).
SEARCHES = ("", f"q={SENTINEL}", "q=%00")
QUERIES: dict[str, Callable] = {
    "wagtailadmin_pages:search": lambda w: SEARCHES,
    "wagtailadmin_pages:search_results": lambda w: SEARCHES,
    "wagtailadmin_choose_page_search": lambda w: SEARCHES,
    "wagtailadmin_choose_page": lambda w: ("", f"q={SENTINEL}"),
    "wagtailadmin_explore_root": lambda w: ("", f"q={SENTINEL}"),
    "wagtailadmin_api:pages:listing": lambda w: (
        "",
        f"search={SENTINEL}",
        f"child_of={w.other.course_index.pk}",
        f"descendant_of={w.other.section.pk}&limit=50",
        f"title={w.other.course_draft.title}",
        "type=courses.CoursePage&fields=title&limit=50",
    ),
    "wagtailadmin_api:pages:find": lambda w: (
        f"html_path=/{_page_path(w.other.course_draft, w)}",
        f"html_path=/{_page_path(w.other.intern_article, w)}",
        f"id={w.other.course_draft.pk}",
    ),
    "wagtailadmin_api:documents:listing": lambda w: ("", f"search={SENTINEL}"),
    "wagtailadmin_api:documents:find": lambda w: (f"id={w.other.document.pk}",),
    "wagtailadmin_api:images:listing": lambda w: ("", f"search={SENTINEL}"),
    "wagtailadmin_api:images:find": lambda w: (f"id={w.other.image.pk}",),
    "wagtaildocs:index": lambda w: ("", f"q={SENTINEL}"),
    "wagtaildocs_chooser:choose": lambda w: ("", f"q={SENTINEL}"),
    "wagtaildocs_chooser:choose_results": lambda w: ("", f"q={SENTINEL}"),
    "wagtailimages:index": lambda w: ("", f"q={SENTINEL}"),
    "wagtailimages_chooser:choose": lambda w: ("", f"q={SENTINEL}"),
    "wagtailimages_chooser:choose_results": lambda w: ("", f"q={SENTINEL}"),
    "wagtailadmin_reports:site_history": lambda w: ("", f"q={SENTINEL}"),
    "wagtailadmin_reports:aging_pages": lambda w: ("",),
    "wagtailadmin_tag_autocomplete": lambda w: ("term=SEN",),
    "wagtailadmin_tag_model_autocomplete": lambda w: ("term=SEN",),
    "wagtailadmin_pages:type_use": lambda w: ("", f"q={SENTINEL}"),
    "learning_reports:completion_matrix": lambda w: ("", "export=csv"),
    "learning_reports:overdue": lambda w: ("", "export=csv"),
    "learning_reports:course_overview": lambda w: ("", "export=csv"),
    "knowledge_reports:at_risk": lambda w: ("", "export=csv"),
    "handovers:start": lambda w: ("", f"beschaeftigte={w.other.leaver.pk}"),
    "verify_certificate": lambda w: (
        "",
        f"code={w.own.completion.verification_code}",
        "code=%00",
    ),
}


def _subject(pattern: Pattern) -> Callable | None:
    if pattern.name in SUBJECTS_BY_NAME:
        return SUBJECTS_BY_NAME[pattern.name]
    namespace = pattern.name.rpartition(":")[0]
    if namespace.startswith("wagtailadmin_pages") or namespace == "wagtailadmin_api:pages":
        return _pages
    if pattern.model in MODEL_SUBJECTS:
        return MODEL_SUBJECTS[pattern.model]
    if namespace.startswith("wagtaildocs"):
        return _documents
    if namespace.startswith("wagtailimages"):
        return _images
    return None


def probes_for(pattern: Pattern, w) -> list[Probe] | None:
    """The requests that walk ``pattern``, or None when the walk cannot fill it."""
    queries = QUERIES.get(pattern.name, lambda w: ("",))(w)
    if pattern.name == "wagtail_serve":
        return [Probe("/" + path, label) for label, path in _serve_paths(w)]
    if pattern.name == "wagtaildocs_serve":
        return [
            Probe(reverse(pattern.name, args=[side.document.pk, side.document.filename]), label)
            for label, side in _sides(w)
        ]
    if pattern.route == "admin/test404/":
        return [Probe("/admin/test404/", "none"), Probe("/admin/gibt-es-nicht/", "none")]
    if pattern.name == "wagtail_bulk_action":
        return [
            Probe(f"{_reverse(pattern, params)}?{query}", label)
            for label, params, query in _bulk_actions(w)
        ]
    if not pattern.params:
        if not pattern.name:
            return None
        return [Probe(_with_query(reverse(pattern.name), q), "none") for q in queries]
    subject = _subject(pattern)
    if subject is None:
        return None
    probes = []
    for label, params in subject(w):
        if not set(pattern.params) <= set(params):
            continue
        url = _reverse(pattern, {name: params[name] for name in pattern.params})
        probes += [Probe(_with_query(url, q), label) for q in queries]
    return probes or None


def _reverse(pattern: Pattern, params: dict) -> str:
    url = reverse(pattern.name, kwargs=params)
    route = resolve(url).route
    if route != pattern.route:  # two patterns share a name and took the other one
        raise AssertionError(f"{url} resolves to {route!r}, not to {pattern.route!r}")
    return url


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def unfilled(patterns: list[Pattern], w) -> list[Pattern]:
    return [p for p in patterns if p.key not in ALLOWLIST and probes_for(p, w) is None]


# --- Checking the answers -------------------------------------------------------------------

TEXT_TYPES = ("text/", "application/json", "application/javascript", "image/svg")


def leaked_sentinels(body: str, word: str) -> list[str]:
    """The other municipality's sentinels in ``body``: full where whole, else the start."""
    found = re.findall(rf"{SENTINEL}-{word}-[A-Za-z]+-[0-9a-f]{{8}}", body)
    return sorted(set(found)) or ([f"{SENTINEL}-{word}…"] if f"{SENTINEL}-{word}" in body else [])


def problems_of(response, role: str, w) -> list[str]:
    """What is wrong with one answer of the walk (empty: nothing)."""
    problems = []
    if response.status_code >= 500:
        problems.append(f"answers {response.status_code}")
    content_type = response.get("Content-Type", "")
    if role not in SEES_EVERY_MUNICIPALITY and content_type.startswith(TEXT_TYPES):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        leaked = leaked_sentinels(body.decode("utf-8", "replace"), w.other.word)
        if leaked:
            problems.append(f"shows Lügde's {', '.join(leaked)}")
    if role != ANONYMOUS and "private" not in response.get("Cache-Control", ""):
        problems.append(
            f"status {response.status_code} without Cache-Control: private "
            f"(has {response.get('Cache-Control')!r})"
        )
    return problems


__all__ = [
    "ALLOWLIST",
    "ANONYMOUS",
    "PDF_ROLES",
    "ROLES",
    "Pattern",
    "Probe",
    "build_world",
    "probes_for",
    "problems_of",
    "quote",
    "unfilled",
    "url_patterns",
]
