"""Learning on the pages of ``courses``: visits recorded, progress shown.

``courses`` knows nothing of learners. Opening a module is recorded here, the reader's
progress is added to the course and module pages through ``PAGE_CONTEXT_HOOK``, and
shown in the templates' ``{% slot %}`` places (``core.slots``); the profile's slot gets
the learner's certificates and data export.
"""

from wagtail import hooks

from core.slots import hook_name, render_in
from courses.models import PAGE_CONTEXT_HOOK, CoursePage, ModulePage

from .forms import AttemptParameterForm
from .models import ModuleProgress, ProgressStatus, QuizAttempt
from .progress import record_visit, standing_in_course


@hooks.register("before_serve_page", order=100)
def record_module_visit(page, request, serve_args, serve_kwargs):
    """Opening a module marks it in progress. Runs after the login and tenancy checks
    (``organisations``), so only pages the reader may see are recorded; previews and
    HEAD requests are not visits."""
    if (
        isinstance(page, ModulePage)
        and request.method == "GET"
        and request.user.is_authenticated
        and not getattr(request, "is_preview", False)
    ):
        # Kept for the page's context: the status comes back from the same statement.
        request.lernwerk_module_status = (page.pk, record_visit(request.user, page))


@hooks.register(PAGE_CONTEXT_HOOK)
def add_progress(page, request, context):
    """The reader's standing in a course (one query for all module statuses, one for
    the completion), or the quiz attempt a module page was asked to show."""
    if isinstance(page, CoursePage):
        standing = standing_in_course(request.user, page, context["modules"])
        return {"standing": standing, "module_statuses": standing.module_statuses}
    if isinstance(page, ModulePage):
        return {
            "attempt": requested_quiz_attempt(request, page),
            "module_status": status_in_module(request, page),
        }
    return None


def status_in_module(request, module) -> int:
    """The reader's status, as recorded by the visit; read when there was none (preview,
    a HEAD request)."""
    recorded = getattr(request, "lernwerk_module_status", None)
    if recorded is not None and recorded[0] == module.pk:
        return recorded[1]
    status = (
        ModuleProgress.objects.of(request.user)
        .filter(module=module)
        .values_list("status", flat=True)
        .first()
    )
    return status if status is not None else ProgressStatus.NOT_STARTED


def requested_quiz_attempt(request, module):
    """The attempt named by ``?versuch=`` if it is the reader's own, for this module."""
    form = AttemptParameterForm(request.GET)
    if not form.is_valid():
        return None
    attempt_id = form.cleaned_data["versuch"]
    return QuizAttempt.objects.of(request.user).filter(pk=attempt_id, module=module).first()


@hooks.register(hook_name("course_action"))
def course_action(context):
    if "standing" in context:
        return render_in(context, "learning/includes/course_action.html")
    return None


@hooks.register(hook_name("module_status"))
def module_status(context, status):
    return render_in(context, "learning/includes/module_status.html", status=status)


@hooks.register(hook_name("module_end"))
def module_end(context):
    return render_in(context, "learning/includes/module_completion.html")


@hooks.register(hook_name("profile"))
def profile_learning_data(context):
    return render_in(context, "learning/includes/profile_learning_data.html")


# The reports register their menu items and URLs in their own module.
from .reports import hooks as _report_hooks  # noqa: E402, F401

# Admin screens for mandatory training ("Pflichtschulungen", learning.viewsets). Imported
# with the module, so their permission policies are registered before anything asks.
from .viewsets import mandatory_training_viewset_group  # noqa: E402


@hooks.register("register_admin_viewset")
def register_mandatory_training_viewsets():
    return mandatory_training_viewset_group
