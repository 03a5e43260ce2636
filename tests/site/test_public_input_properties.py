"""Property tests over every public URL that takes visitor input: whatever is typed, no server error.

For each public form and query parameter (the search page and its
suggestions, the showcase zone and a jurisdiction's page with their filters,
sort and page, the news listing's tag and page, short links, certificate
codes, invitation links, the language switch), hypothesis sends arbitrary
text, huge numbers, repeated and overlong values. Every answer must be a
success, a redirect or a refusal with a page that says so in Chinese; never a
server error; and the work stays bounded (a huge page number is clamped, so
the number of queries does not grow with it).
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showcase.models import Unit
from showcase.zone.sharing import short_link_for
from tests.factories import (
    ActivityPageFactory,
    NewsPageFactory,
    RegionFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# A page of search results with facets costs a few dozen queries whatever the input.
MAX_QUERIES = 60
CHINESE = re.compile("[\u4e00-\u9fff]")
ALLOWED = {200, 301, 302, 400, 404, 405}

hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(
        [
            "节水",
            "",
            " ",
            "\x00",
            "节\x00水",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            '"',
            "%",
            "\\",
            "*",
            'NEAR("a" "b")',
            "a AND OR NOT",
            "３．２２",
            "😀" * 50,
            "x" * 5000,
            "\u202e\u200b",
        ]
    ),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["0", "-1", "1e9", "NaN", "inf", "9" * 5000, "1.5", "", "０", "٣"]),
    hostile_text,
)
facet_values = st.one_of(
    st.sampled_from(["activity", "video", "news", "education", "hebei", "A+", "2023", "yes"]), hostile_text
)


@pytest.fixture
def site(campaign, news_index, showcase, hebei):
    """A campaign with a news item, a published activity with its short link, a sector and a region."""
    sector = SectorFactory(name="教育", slug="education")
    region = RegionFactory(name="河北", slug="hebei")
    unit = Unit.objects.create(name="石家庄市水务局", jurisdiction=hebei.jurisdiction)
    activity = ActivityPageFactory(parent=hebei, title="节水宣传进校园", summary="学生学习节约用水", unit=unit)
    activity.sectors.add(sector)
    activity.regions.add(region)
    activity.save_revision().publish()
    news = NewsPageFactory(parent=news_index, title="节水中国你我同行联合行动启动", summary="启动")
    news.save_revision().publish()
    return {
        "zone": showcase.url,
        "jurisdiction": hebei.url,
        "news": news_index.url,
        "short_code": short_link_for(activity).code,
    }


def _answers(client, method, path, data=None):
    client.raise_request_exception = True
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data or {})
    assert response.status_code in ALLOWED, (path, data, response.status_code)
    if response.status_code in (400, 404):
        heading = BeautifulSoup(response.content, "html.parser").find("h1")
        assert heading is not None, "a refusal is a page that says what happened, not a blank"
        english = path.startswith("/en/")
        assert heading.get_text().strip() if english else CHINESE.search(heading.get_text()), heading
    assert len(queries) <= MAX_QUERIES, f"{len(queries)} queries for {path} {data}"
    return response


def _listing_query(draw_dict):
    return {key: value for key, value in draw_dict.items() if value is not None}


listing_params = st.fixed_dictionaries(
    {},
    optional={
        "q": hostile_text,
        "type": st.lists(facet_values, max_size=30),
        "campaign": st.lists(facet_values, max_size=3),
        "sector": st.lists(facet_values, max_size=30),
        "region": st.lists(facet_values, max_size=3),
        "jurisdiction": st.lists(facet_values, max_size=3),
        "rating": st.lists(facet_values, max_size=3),
        "year": st.lists(facet_values, max_size=3),
        "featured": st.lists(facet_values, max_size=3),
        "sort": st.one_of(st.sampled_from(["relevance", "newest", "most_viewed"]), hostile_text),
        "page": numbers,
        "per_page": numbers,
    },
)


def test_the_search_page_takes_any_query(client, site):
    @PROPERTY
    @given(params=listing_params)
    def check(params):
        _answers(client, "get", "/search/", params)

    check()


def test_suggestions_take_any_prefix_and_answer_json(client, site):
    @PROPERTY
    @given(prefix=hostile_text)
    def check(prefix):
        response = _answers(client, "get", "/search/suggest/", {"q": prefix})
        assert response.status_code == 200
        assert isinstance(response.json()["suggestions"], list)

    check()


@pytest.mark.parametrize("where", ["zone", "jurisdiction"])
def test_the_showcase_listings_take_any_filter_sort_and_page(client, site, where):
    @PROPERTY
    @given(params=listing_params)
    def check(params):
        _answers(client, "get", site[where], params)

    check()


@pytest.mark.parametrize("listing", ["", "bulletins/"])
def test_the_news_listings_take_any_tag_and_page(client, site, listing):
    @PROPERTY
    @given(tag=hostile_text, page=numbers)
    def check(tag, page):
        _answers(client, "get", site["news"] + listing, {"tag": tag, "page": page})

    check()


def test_short_links_and_certificate_codes_take_any_code(client, site):
    @PROPERTY
    @given(code=st.one_of(hostile_text, st.text(alphabet="23456789abcdefghjkmnpqrstuvwxyzABC", max_size=14)))
    def check(code):
        from urllib.parse import quote

        escaped = quote(code, safe="")
        for path in (f"/s/{escaped}", f"/certificates/verify/{escaped}", f"/certificates/{escaped}.pdf"):
            if escaped:
                _answers(client, "get", path)

    check()


def test_invitation_links_take_any_uid_and_token(client, site):
    @PROPERTY
    @given(uid=hostile_text, token=hostile_text, password=hostile_text)
    def check(uid, token, password):
        from urllib.parse import quote

        path = f"/invite/{quote(uid, safe='') or 'x'}/{quote(token, safe='') or 'x'}/"
        _answers(client, "get", path)
        _answers(client, "post", path, {"new_password1": password, "new_password2": password})

    check()


def test_any_address_under_either_language_is_answered(client, site):
    @PROPERTY
    @given(path=hostile_text, query=hostile_text)
    def check(path, query):
        from urllib.parse import quote

        for prefix in ("/", "/en/"):
            _answers(client, "get", prefix + quote(path, safe="/"), {"q": query})

    check()


@pytest.mark.parametrize("page", ["1001", "99999999999999999999", "9" * 4000])
def test_a_huge_page_number_is_clamped_not_computed(client, site, page):
    response = _answers(client, "get", "/search/", {"q": "节水", "page": page})
    assert response.status_code == 200
    assert response.context["search_request"].page == 1000
    zone = _answers(client, "get", site["zone"], {"page": page})
    assert zone.status_code == 200
    assert zone.context["browse"].request.page == 1000
