"""Publication of a course goes through the Redaktion of its own municipality."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import TaskState, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.models import CoursePage
from organisations.roles import Role
from organisations.tests.factories import make_employee, make_municipality

from .factories import data_for_module, make_course, make_course_index, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def towns(django_db_setup, django_db_blocker):
    """A draft course of Blomberg, its trainer and Redaktion, and Lügde's Redaktion."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            catalogue = make_course_index(section_of(blomberg))
            data = {
                "blomberg": blomberg,
                "luegde": luegde,
                "draft": make_course(catalogue, "Datenschutz im Bürgerbüro", publish=False),
                "trainer": make_employee(blomberg, roles=[Role.TRAINER]).user,
                "editor": make_employee(blomberg, roles=[Role.EDITOR]).user,
                "other_editor": make_employee(luegde, roles=[Role.EDITOR]).user,
            }
        yield data


def _submit(client, user, course: CoursePage):
    client.force_login(user)
    data = nested_form_data(
        {
            "title": course.title,
            "slug": course.slug,
            "teaser": "Was im Bürgerbüro mit personenbezogenen Daten geschieht.",
            "objectives": rich_text("<ul><li>Sie kennen die DSGVO-Grundsätze.</li></ul>"),
            "target_group": "Beschäftigte in Bürgerbüros",
            "level": "basic",
            "tags": "",
            "cover_image": "",
            "cover_image_alt": "",
            "comments": inline_formset([]),
            "action-submit": "Zur Freigabe einreichen",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return WorkflowState.objects.for_instance(course).get(status=WorkflowState.STATUS_IN_PROGRESS)


def _act(client, user, course, task_state, action="approve"):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[course.pk, action, task_state.pk])
    return client.post(url, {"comment": ""})


def test_trainer_submits_to_the_redaktion_of_own_municipality(client, towns):
    workflow_state = _submit(client, towns["trainer"], towns["draft"])
    assert workflow_state.workflow.name == "Freigabe durch die Redaktion (Blomberg)"
    task = workflow_state.current_task_state.task.specific
    redaktion = towns["blomberg"].role_group(Role.EDITOR)
    assert redaktion in task.groups.all()
    assert towns["luegde"].role_group(Role.EDITOR) not in task.groups.all()
    assert not CoursePage.objects.get(pk=towns["draft"].pk).live


def test_redaktion_approves_and_the_course_goes_live(client, towns):
    course = towns["draft"]
    workflow_state = _submit(client, towns["trainer"], course)
    response = _act(client, towns["editor"], course, workflow_state.current_task_state)
    assert response.status_code in (200, 302)
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    course = CoursePage.objects.get(pk=course.pk)
    assert course.live
    assert course.teaser == "Was im Bürgerbüro mit personenbezogenen Daten geschieht."


def test_redaktion_of_another_municipality_cannot_approve(client, towns):
    course = towns["draft"]
    workflow_state = _submit(client, towns["trainer"], course)
    task_state = workflow_state.current_task_state
    response = _act(client, towns["other_editor"], course, task_state)
    assert response.status_code in (302, 403)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not CoursePage.objects.get(pk=course.pk).live
    task = task_state.task.specific
    assert not task.get_actions(course, towns["other_editor"])


def test_trainer_cannot_approve_own_submission(client, towns):
    course = towns["draft"]
    workflow_state = _submit(client, towns["trainer"], course)
    _act(client, towns["trainer"], course, workflow_state.current_task_state)
    assert not CoursePage.objects.get(pk=course.pk).live


def test_wagtail_default_moderation_is_gone(towns):
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    names = set(Workflow.objects.values_list("name", flat=True))
    assert names == {
        "Freigabe durch die Redaktion (Gemeinsamer Bereich)",
        "Freigabe durch die Redaktion (Blomberg)",
        "Freigabe durch die Redaktion (Lügde)",
    }
