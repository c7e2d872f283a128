"""What the upgraded database looks like through this code: run by ``test_upgrade``.

Runs in a child process pointed at the upgraded database (``manage.py shell -c``) and
prints one line of JSON: where the content type of ``ReportAccess`` is, its permissions
and who holds them, its log entries and the objects they name, and what the access log
screen and the site history list for the cooperation admin from the dump; where the
content types of ``Handover`` and ``HandoverItem`` are, their permissions, the rows read
through the models, and what the handover's page lists for the manager of its unit.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.models import ReportAccess
from handovers.models import Handover, HandoverItem

#: The non-superuser member of Kooperations-Admin that the dump adds.
COOPERATION_ADMIN = "kooperation"

#: The demo's manager of Fachbereich 2, the unit of the demo's pending handover.
HANDOVER_MANAGER = "fuehrungskraft"


def content_type_facts() -> dict:
    content_type = ContentType.objects.get_for_model(ReportAccess)
    permissions = Permission.objects.filter(content_type=content_type)
    users = get_user_model().objects
    entries = ModelLogEntry.objects.filter(content_type=content_type).order_by("pk")
    return {
        "content_type": [content_type.pk, content_type.app_label, content_type.model],
        "permissions": sorted([p.pk, p.codename] for p in permissions),
        "group_grants": sorted(
            [group.name, codename]
            for group in Group.objects.filter(permissions__in=permissions).distinct()
            for codename in group.permissions.filter(content_type=content_type).values_list(
                "codename", flat=True
            )
        ),
        "user_grants": sorted(
            [user.username, codename]
            for user in users.filter(user_permissions__in=permissions).distinct()
            for codename in user.user_permissions.filter(content_type=content_type).values_list(
                "codename", flat=True
            )
        ),
        # Through Django's permission check, as the codenames say: granted to the group
        # of one and to the other directly.
        "has_view_permission": sorted(
            user.username
            for user in users.filter(username__in=[COOPERATION_ADMIN, "fuehrungskraft"])
            if user.has_perm("core.view_reportaccess")
        ),
        "log_entries": sorted(
            [
                entry.object_id,
                entry.action,
                str(entry.content_type.get_object_for_this_type(pk=entry.object_id)),
            ]
            for entry in entries
        ),
    }


def admin_pages() -> dict:
    """What the access log screen and the site history list for the cooperation admin.

    The site history shows a log entry only to someone who holds a permission on its
    content type (``has_perm("<app_label>.<codename>")``), so it finds the report
    accesses' entries only if content type, permissions and grants moved together.
    """
    client = Client()
    client.force_login(get_user_model().objects.get(username=COOPERATION_ADMIN))
    content_type = ContentType.objects.get_for_model(ReportAccess)
    index = client.get(reverse("reportaccess:index"))
    history = client.get(
        reverse("wagtailadmin_reports:site_history"), {"object_type": content_type.pk}
    )
    return {
        "index_status": index.status_code,
        "index_lists": sorted(entry.pk for entry in index.context["object_list"]),
        "history_status": history.status_code,
        "history_lists": sorted(
            entry.object_id
            for entry in history.context["object_list"]
            if entry.content_type_id == content_type.pk
        ),
    }


def handover_facts() -> dict:
    """The moved handover models: content types, permissions, rows, and the page.

    The rows are read through ``handovers``' models in the columns ``test_upgrade``
    read from the old tables, and the page of the first handover is requested as its
    unit's manager: it lists every item only if models, tables and views agree.
    """
    content_types = ContentType.objects.get_for_models(Handover, HandoverItem).values()
    handover = Handover.objects.order_by("pk").first()
    client = Client()
    client.force_login(get_user_model().objects.get(username=HANDOVER_MANAGER))
    page = client.get(reverse("handovers:detail", args=[handover.pk]))
    listed = [item.pk for entry in page.context["articles"] for item in entry["items"]]
    listed += [item.pk for item in page.context["courses"] + page.context["checklist"]]
    return {
        "handover_content_types": sorted(
            [content_type.pk, content_type.app_label, content_type.model]
            for content_type in content_types
        ),
        "handover_permissions": sorted(
            [p.pk, p.codename]
            for p in Permission.objects.filter(content_type__in=list(content_types))
        ),
        "handovers": sorted(
            list(row) for row in Handover.objects.values_list("pk", "leaver_id", "position_id")
        ),
        "handover_items": sorted(
            list(row)
            for row in HandoverItem.objects.values_list(
                "pk", "handover_id", "kind", "article_id", "course_id"
            )
        ),
        "handover_status": page.status_code,
        "handover_lists": sorted(listed),
    }


def main() -> None:
    setup_test_environment()  # responses carry their template context
    print(json.dumps(content_type_facts() | admin_pages() | handover_facts()))
