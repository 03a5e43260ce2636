"""Property tests over the admin's listings, reports and choosers: whatever their filters and ids, no server error.

The URLs are read from the URL configuration (every admin view that takes
no argument, plus a page's explorer and history), so a listing added later is
tried too; each one's parameters are read from the filter forms it renders,
with the ones Wagtail reads without a form (``p``, ``ordering``, ``id``,
``parent_page_id``…). Every admin view that takes one record id in its path
is tried with the same values in place of the id. A superuser asks, so every
view is reachable. Hypothesis sends ids of real objects, numbers beyond any
integer column, negative numbers, letters, floats, NUL characters, other
scripts' digits and impossible dates. Every answer must be below 500, and a
refusal (400) must say in Chinese what to fix.
"""

import re
from urllib.parse import quote

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Collection, Site

from showcase.models import RecommendedSlot
from tests.factories import ActivityPageFactory, LiaisonFactory, RegionFactory, SectorFactory, UnitFactory
from tests.urlconf import routes

pytestmark = pytest.mark.django_db

CHINESE = re.compile("[\u4e00-\u9fff]")
# Views that change state on GET, or exist to fail.
SKIPPED = ("admin/logout/", "admin/failwhale/", "admin/test404/", "admin/api/", "admin/^.*/$")
# Read by Wagtail's and modeladmin's views straight from the query string, with no filter form to find them in.
UNFORMED = ["p", "page", "o", "ordering", "q", "id", "parent_page_id", "page_type", "locale", "e", "export"]

# One argument in the route, named like an id: pk, instance_pk, page_id, period_id…
ONE_ID = re.compile(r"^[^<(]*(<(?:\w+:)?(?:pk|\w+_pk|\w+_id)>|\(\?P<(?:pk|\w+_pk|\w+_id)>[^)]*\))[^<(]*$")

huge = st.integers(min_value=2**63, max_value=10**40)
numbers = st.one_of(
    huge.map(str),
    huge.map(lambda n: f"-{n}"),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["0", "-1", "1.5", "-0.5", "1e400", "NaN", "inf", "", " ", "0x10", "1_000", "+7", "9" * 5000]),
    st.sampled_from(["١٢", "٣", "１", "１２３", "²", "٩" * 25]),
)
texts = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["abc", "\x00", "1\x00", "节\x00水", "<script>", "2023-13-45", "2023-02-30", "0000-00-00", "true"]),
)


def _admin_routes():
    for route in routes():
        plain = route.replace("^", "").replace("$", "")
        if plain.startswith("admin/") and "<" not in plain and "(?P" not in plain and not route.startswith(SKIPPED):
            yield "/" + plain


def _admin_id_routes():
    """Admin routes whose one argument is a record's id, as templates with ``{}`` in its place."""
    for route in routes():
        match = ONE_ID.match(route)
        if route.startswith("admin/") and not route.startswith(SKIPPED) and match:
            yield "/" + route.replace("^", "").replace("$", "").replace(match[1], "{}")


def _form_parameters(response):
    """The names of the fields of every GET form on the page: the listing's filters and search box."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return set()
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        field["name"]
        for form in soup.find_all("form")
        if (form.get("method") or "get").lower() == "get"
        for field in form.find_all(["input", "select"])
        if field.get("name")
    }


@pytest.fixture
def admin_world(campaign, showcase, hebei, shanxi, admin_user):
    """Enough objects for every filter to show: pages with revisions, collections, documents, tags, snippets."""
    sector = SectorFactory(name="教育", slug="education")
    province = RegionFactory(name="河北省", slug="hebei-province")
    RegionFactory(name="石家庄市", slug="shijiazhuang", parent=province)
    unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市节水办", sector=sector)
    LiaisonFactory(unit=unit)
    activity = ActivityPageFactory(parent=hebei, unit=unit, owner=admin_user)
    activity.save_revision(user=admin_user).publish()
    RecommendedSlot.objects.create(showcase=showcase, item=activity)
    root = Collection.get_first_root_node()
    evidence = root.add_child(name="河北佐证")
    root.add_child(name="山西佐证")
    document = wagtail_factories.DocumentFactory(title="活动方案", collection=evidence)
    document.tags.add("方案")
    ids = {
        activity.pk,
        campaign.pk,
        hebei.pk,
        admin_user.pk,
        evidence.pk,
        document.pk,
        unit.pk,
        sector.pk,
        Site.objects.get().pk,
        Group.objects.first().pk,
        ContentType.objects.get_for_model(activity).pk,
    }
    extra_routes = [f"/admin/pages/{campaign.pk}/", f"/admin/pages/{hebei.pk}/history/"]
    return sorted(ids), extra_routes


def test_no_admin_filter_or_query_parameter_answers_a_server_error(admin_client, admin_world):
    ids, extra_routes = admin_world
    admin_client.raise_request_exception = True
    parameters = {}
    for route in [*_admin_routes(), *extra_routes]:
        listing = route.removesuffix("results/")
        if listing not in parameters:
            parameters[listing] = sorted(_form_parameters(admin_client.get(listing)) | set(UNFORMED))
        parameters[route] = parameters[listing]
    values = st.one_of(st.sampled_from([str(pk) for pk in ids]), numbers, texts)
    cases = st.sampled_from(sorted(parameters)).flatmap(
        lambda route: st.tuples(
            st.just(route),
            st.dictionaries(st.sampled_from(parameters[route]), st.lists(values, min_size=1, max_size=3), max_size=4),
        )
    )

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(case=cases)
    def check(case):
        route, query = case
        response = admin_client.get(route, query)
        assert response.status_code < 500, (route, query, response.status_code)
        if response.status_code == 400:
            body = BeautifulSoup(response.content, "html.parser").get_text()
            assert CHINESE.search(body), (route, query, body[:200])

    check()


def test_no_admin_view_answers_a_server_error_whatever_id_its_path_holds(admin_client, admin_world):
    ids, _extra_routes = admin_world
    admin_client.raise_request_exception = True
    routes = sorted(_admin_id_routes())
    values = st.one_of(st.sampled_from([str(pk) for pk in ids]), numbers, texts).filter(lambda value: value.strip())

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(route=st.sampled_from(routes), value=values)
    def check(route, value):
        response = admin_client.get(route.format(quote(value, safe="")))
        assert response.status_code < 500, (route, value, response.status_code)

    check()
