"""The news index: newest first, pages of ten, tag filtering and the bulletin listing."""

import datetime

import pytest
from bs4 import BeautifulSoup

from campaign.models.news import NEWS_PER_PAGE
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def _titles(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".card__title a")]


def _news(news_index, count, **kwargs):
    return [
        NewsPageFactory(
            parent=news_index,
            title=f"新闻{n:02d}",
            date=datetime.date(2023, 3, 1) + datetime.timedelta(days=n),
            **kwargs,
        )
        for n in range(count)
    ]


def test_news_is_listed_newest_first_in_pages_of_ten(client, news_index):
    _news(news_index, NEWS_PER_PAGE + 3)
    first = _titles(client.get("/news/"))
    second = _titles(client.get("/news/?page=2"))
    assert first[0] == "新闻12"
    assert len(first) == NEWS_PER_PAGE
    assert second == ["新闻02", "新闻01", "新闻00"]


@pytest.mark.parametrize("page", ["999", "-1", "abc", ""])
def test_out_of_range_or_malformed_page_numbers_show_a_valid_page(client, news_index, page):
    _news(news_index, NEWS_PER_PAGE + 3)
    titles = _titles(client.get(f"/news/?page={page}"))
    assert titles, "a real page of news is shown instead of an error"


def test_tag_filter_shows_only_tagged_news_and_keeps_the_tag_across_pages(client, news_index):
    tagged = _news(news_index, NEWS_PER_PAGE + 1)
    for page in tagged:
        page.tags.add("进校园")
        page.save_revision().publish()
    NewsPageFactory(parent=news_index, title="无关新闻", date=datetime.date(2023, 12, 1))
    response = client.get("/news/?tag=进校园")
    titles = _titles(response)
    assert "无关新闻" not in titles
    assert len(titles) == NEWS_PER_PAGE
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("a", rel="next")["href"] == "?tag=%E8%BF%9B%E6%A0%A1%E5%9B%AD&page=2"
    assert _titles(client.get("/news/?tag=进校园&page=2")) == ["新闻00"]


def test_unknown_tag_shows_an_empty_listing_with_a_message(client, news_index):
    _news(news_index, 2)
    response = client.get("/news/?tag=不存在")
    assert _titles(response) == []
    assert "没有符合条件的新闻" in response.content.decode()


def test_tag_text_is_escaped(client, news_index):
    response = client.get("/news/?tag=<script>alert(1)</script>")
    assert b"<script>alert(1)</script>" not in response.content


def test_bulletins_list_on_their_own_by_issue_number(client, news_index):
    NewsPageFactory(parent=news_index, title="普通新闻")
    NewsPageFactory(
        parent=news_index, title="简报第1期", is_bulletin=True, bulletin_issue=1, date=datetime.date(2023, 5, 1)
    )
    NewsPageFactory(
        parent=news_index, title="简报第2期", is_bulletin=True, bulletin_issue=2, date=datetime.date(2023, 4, 1)
    )
    assert _titles(client.get("/news/bulletins/")) == ["简报第2期", "简报第1期"]
    assert "普通新闻" in _titles(client.get("/news/"))


def test_tag_filter_lists_only_tags_of_published_news(client, news_index):
    live = NewsPageFactory(parent=news_index)
    live.tags.add("中国水周")
    live.save_revision().publish()
    draft = NewsPageFactory(parent=news_index, live=False)
    draft.tags.add("内部标签")
    draft.save()
    filters = BeautifulSoup(client.get("/news/").content, "html.parser").find("nav", class_="filters").get_text()
    assert "#中国水周" in filters
    assert "内部标签" not in filters
