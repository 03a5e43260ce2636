"""The scope crawl: every admin URL and every API operation, asked by each role, never shows another scope's data.

The admin URLs are read from the URL configuration, so a view added later
(ours, a snippet's, a report, a chooser) is walked without anybody listing
it here: each route is requested with the ids of every object of its kind
(pages, documents, images, snippets, directory rows, users, groups, tokens,
periods, assignments), in and out of the role's scope, and each listing,
chooser and report without an id, searched and exported to XLSX. The API is
walked the same way from its OpenAPI document, with the role's own token.

An answer fails the crawl when it holds a marker (a title, file name, user
name, comment or token label) of an object outside the role's scope; see
``scope_world.py`` for who may see what.
"""

import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import APIToken, Collection, Page, Site, Task, Workflow, WorkflowState

from search import facet_index
from tests.security.scope_world import EXPECTED_SIGHTINGS, ROLES, build_world, xlsx_text
from tests.urlconf import routes

# Routes that log out, sign in, reset passwords, serve static assets or are POST-only endpoints of the editor.
SKIPPED = re.compile(
    r"^admin/(logout|login|password_reset|sprite|jsi18n|modeladmin/jsi18n|test404|failwhale|dismissibles"
    r"|editing-sessions|\.\*|api/main/\^pages/<int:pk>/action)"
)
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
LISTING_QUERIES = ("", "?q=节水", "?q=zqx", "?export=xlsx")
PAGE_TYPE = {"content_type_app_name": "showcase", "content_type_model_name": "activitypage"}


def _clean(route):
    return route.replace("^", "").replace("$", "").replace("\\.", ".")


def _fill(route, values):
    def replace(match):
        name = match[2] or match[3]
        return str(values[name])

    return "/" + PARAMETER.sub(replace, _clean(route))


def _parameters(route):
    return [match[2] or match[3] for match in PARAMETER.finditer(_clean(route))]


def _family(route):
    """The model whose ids the route's first parameter takes, or None when the route is not about objects."""
    route = _clean(route)
    if match := re.match(r"admin/snippets/(?:choose/)?(\w+)/(\w+)/", route):
        return apps.get_model(match[1], match[2])
    if match := re.match(r"admin/(showcase)/(\w+)/", route):
        return apps.get_model(match[1], match[2])
    prefixes = {
        "admin/pages/": Page,
        "admin/choose-page/": Page,
        "admin/frontend-preview/": Page,
        "admin/showcase/bulk-filing/": Page,
        "admin/forms/submissions/": Page,
        "admin/workflows/remove/": Page,
        "admin/api/main/pages/": Page,
        "admin/documents/": get_document_model(),
        "admin/api/main/documents/": get_document_model(),
        "admin/images/": get_image_model(),
        "admin/api/main/images/": get_image_model(),
        "admin/users/": get_user_model(),
        "admin/groups/": Group,
        "admin/api-tokens/": APIToken,
        "admin/collections/": Collection,
        "admin/workflows/tasks/": Task,
        "admin/workflows/task_chooser/": Task,
        "admin/workflows/": Workflow,
        "admin/sites/": Site,
        "admin/assessment/points/": apps.get_model("assessment", "AssessmentPeriod"),
        "admin/assessment/judging/": apps.get_model("campaign", "CampaignHomePage"),
        "admin/assessment/my-assignments/": apps.get_model("assessment", "ExpertAssignment"),
        "admin/reports/exports/": apps.get_model("campaign", "Export"),
    }
    for prefix, model in prefixes.items():
        if route.startswith(prefix):
            return model
    return None


def _related_values(obj):
    """Values for a route's other parameters, taken from the object its first parameter names."""
    values = {"revision_id_a": "earliest", "revision_id_b": "latest", "filter_spec": "max-165x165"}
    values.update(PAGE_TYPE)
    latest = getattr(obj, "latest_revision_id", None)
    if latest:
        values["revision_id"] = latest
    state = WorkflowState.objects.for_instance(obj).order_by("-pk").first() if hasattr(obj, "revisions") else None
    if state is not None:
        values["workflow_state_id"] = state.pk
        task_state = state.current_task_state or state.task_states.order_by("-pk").first()
        if task_state is not None:
            values["task_state_id"] = task_state.pk
            values["task_id"] = task_state.task_id
            values["action_name"] = "approve"
    return values


def admin_urls(world):
    """Every admin URL to request: listings with their queries, and object routes with every id of their kind."""
    hebei_page = world.objects["hebei"].pk
    urls = []
    for route in routes():
        if not route.startswith("admin/") or SKIPPED.match(_clean(route)):
            continue
        names = _parameters(route)
        if not names:
            urls += [_fill(route, {}) + query for query in LISTING_QUERIES]
            continue
        model = _family(route)
        if model is None:
            if set(names) <= set(PAGE_TYPE):
                urls.append(_fill(route, PAGE_TYPE))
            continue
        objects = model._default_manager.all()
        if model is Page:
            objects = objects.specific()
        for obj in objects:
            values = dict.fromkeys(names[:1], obj.pk)
            values.update(_related_values(obj))
            values.setdefault("destination_id", hebei_page)
            if set(names) <= set(values):
                urls.append(_fill(route, values))
    return urls + _bulk_action_urls()


def _bulk_action_urls():
    """Bulk actions list the objects they were given by id, including those the user may not act on."""
    urls = []
    families = {
        ("wagtailcore", "page"): Page.objects.exclude(depth=1),
        (get_document_model()._meta.app_label, get_document_model()._meta.model_name): get_document_model().objects,
        ("wagtailimages", "image"): get_image_model().objects,
        (get_user_model()._meta.app_label, get_user_model()._meta.model_name): get_user_model().objects,
    }
    for (app_label, model_name), queryset in families.items():
        ids = "&".join(f"id={pk}" for pk in queryset.values_list("pk", flat=True))
        for action in ("delete", "move", "publish", "unpublish", "add_to_collection", "add_tags", "set_active_state"):
            urls.append(f"/admin/bulk/{app_label}/{model_name}/{action}/?{ids}")
    return urls


def _text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in response.get("Content-Type", ""):
        return xlsx_text(content)
    return content.decode("utf-8", errors="replace") + response.get("Location", "")


def _leaks(world, role, answers):
    """(url, status, what leaked, where in the answer) for every foreign marker and every server error."""
    foreign = world.foreign_markers(role)
    found = {}
    for url, status, text in answers:
        if status >= 500:
            found[(url, status, "server error")] = ""
        for match in re.finditer(r"zqx\d{3}q", text):
            if match[0] in foreign:
                context = re.sub(r"\s+", " ", text[max(0, match.start() - 90) : match.start()])
                found.setdefault((url, status, foreign[match[0]]), context)
    return [(*key, context) for key, context in sorted(found.items())]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        facet_index.forget()
        built = build_world()
        yield built
        transaction.set_rollback(True)
    facet_index.forget()


def _check(world, role, answers):
    leaks = _leaks(world, role, answers)
    if leaks:
        pytest.fail(f"{role} saw:\n" + "\n".join(map(str, leaks)), pytrace=False)


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_answer_shows_a_role_anything_outside_its_scope(world, db, client, role):
    client.force_login(world.users[role])
    client.raise_request_exception = False
    answers = []
    for url in admin_urls(world):
        response = client.get(url)
        answers.append((url, response.status_code, _text(response)))
    _check(world, role, answers)
    seen = {marker for _url, _status, text in answers for marker in re.findall(r"zqx\d{3}q", text)}
    missing = [what for what in EXPECTED_SIGHTINGS[role] if world.marker_of(what) not in seen]
    assert missing == [], f"{role} never saw its own {missing}: the crawl did not reach them"


def api_urls(world):
    """Every GET operation of the API's OpenAPI document, with every id of the objects its path names."""
    from config.api import api

    pages = list(Page.objects.exclude(depth=1).values_list("pk", flat=True))
    periods = list(apps.get_model("assessment", "AssessmentPeriod").objects.values_list("pk", flat=True))
    urls = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" not in operations:
            continue
        names = PARAMETER_IN_API.findall(path)
        if not names:
            urls += [path, f"{path}?q=节水", f"{path}?limit=100"]
        elif names == ["period_id"]:
            urls += [path.replace("{period_id}", str(pk)) for pk in periods]
        elif len(names) == 1:
            urls += [path.replace(f"{{{names[0]}}}", str(pk)) for pk in pages]
    return urls


PARAMETER_IN_API = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("role", ROLES)
def test_no_api_answer_shows_a_role_anything_outside_its_scope(world, db, client, role):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}"}
    answers = []
    for url in api_urls(world):
        response = client.get(url, **headers)
        answers.append((url, response.status_code, _text(response)))
    _check(world, role, answers)
    assert any(status == 200 and url.startswith("/api/v3/whoami/") for url, status, _text in answers)


def test_the_crawl_reaches_every_kind_of_object(world, db):
    """A guard on the crawl itself: it asks for every kind of object, listing, chooser, report and export."""
    urls = admin_urls(world)
    for fragment in (
        "/admin/choose-page/",
        "/admin/documents/chooser/chosen/",
        "/admin/images/chooser/results/",
        "/admin/reports/site-history/?export=xlsx",
        "/admin/reports/page-types-usage/",
        "/admin/pages/search/?q=",
        "/admin/showcase/liaison/inspect/",
        "/admin/snippets/assessment/coveragerecord/edit/",
        "/admin/api-tokens/",
        "/admin/reports/exports/",
        "/admin/bulk/wagtailcore/page/delete/?id=",
        f"/admin/showcase/bulk-filing/{world.objects['hebei'].pk}/template/",
        f"/admin/showcase/bulk-filing/{world.objects['hebei'].pk}/export/",
    ):
        assert any(fragment in url for url in urls), fragment
    assert len(urls) > 1000
    ready = apps.get_model("campaign", "Export").objects.filter(status="ready")
    assert ready.count() == 2 and all(
        f"/admin/reports/exports/{pk}/download/" in urls for pk in ready.values_list("pk", flat=True)
    )
    assert any("/api/v3/activities/" in url for url in api_urls(world))
