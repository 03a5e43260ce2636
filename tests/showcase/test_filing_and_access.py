"""Who may file what, and when: the filing window, units from the submitter, subtree permissions, evidence privacy."""

import datetime
import re

import pytest
import wagtail_factories
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from campaign.models import PageCreation
from campaign.slugs import pinyin_slug
from showcase.filing.forms import ShowcaseItemForm
from showcase.models import ActivityEvidence, ActivityPage
from showcase.permissions.grants import evidence_collection_for
from showcase.permissions.roles import NATIONAL_EDITORS
from tests.factories import (
    ActivityPageFactory,
    RegionFactory,
    SectorFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OPEN_DAY = datetime.date(2023, 4, 1)
CLOSED_DAY = datetime.date(2023, 7, 10)


@pytest.fixture
def national_editor(db):
    return UserFactory(groups=[NATIONAL_EDITORS.group()])


def _activity_form(**overrides):
    sector = SectorFactory(name="教育", slug="education")
    region = RegionFactory(name="河北", slug="hebei-region")
    data = {
        "title": "节水宣传进社区",
        "slug": "community",
        "sectors": sector.name,
        "regions": region.name,
        "starts_on": "2023-04-01",
        "ends_on": "2023-04-03",
        "venue": "石家庄市长安区",
        "participant_count": "120",
        "summary": "社区居民学习家庭节水小窍门。",
        "body": streamfield([("paragraph", rich_text("<p>活动内容</p>"))]),
        "theme_mark_used": "on",
        "outcomes": rich_text(""),
        "keywords": "",
        "progress_updates": inline_formset([]),
        "evidence": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def _add_url(parent):
    return f"/admin/pages/add/showcase/activitypage/{parent.pk}/"


def test_submitter_files_inside_the_window_for_their_own_unit(client, hebei, submitter, on_day):
    on_day(OPEN_DAY)
    client.force_login(submitter)
    response = client.post(_add_url(hebei), _activity_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = ActivityPage.objects.get(slug="community")
    assert activity.unit == submitter.unit_membership.unit
    assert activity.jurisdiction == hebei.jurisdiction
    assert not activity.live


def test_submitter_cannot_choose_another_unit(client, hebei, submitter, on_day):
    on_day(OPEN_DAY)
    other_unit = UnitFactory(jurisdiction=hebei.jurisdiction, name="保定市水务局")
    client.force_login(submitter)
    client.post(_add_url(hebei), _activity_form(unit=other_unit.pk))
    assert ActivityPage.objects.get(slug="community").unit == submitter.unit_membership.unit


def test_creation_outside_the_window_is_refused_and_saves_nothing(client, hebei, submitter, on_day):
    on_day(CLOSED_DAY)
    client.force_login(submitter)
    response = client.post(_add_url(hebei), _activity_form(), follow=True)
    assert not ActivityPage.objects.exists()
    shown = [str(message) for message in response.context["messages"]]
    assert any("3月22日" in text or "March 22" in text for text in shown), shown
    assert client.get(_add_url(hebei)).status_code == 302


def test_submission_outside_the_window_is_refused(client, hebei, submitter, on_day):
    on_day(OPEN_DAY)
    client.force_login(submitter)
    client.post(_add_url(hebei), _activity_form())
    activity = ActivityPage.objects.get(slug="community")
    on_day(CLOSED_DAY)
    data = _activity_form(title="节水宣传进社区（修改）")
    data["action-submit"] = "Submit"
    response = client.post(f"/admin/pages/{activity.pk}/edit/", data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.get_latest_revision().content["title"] == "节水宣传进社区"
    assert activity.current_workflow_state is None


def test_national_editors_are_exempt_from_the_window(client, hebei, national_editor, on_day):
    on_day(CLOSED_DAY)
    client.force_login(national_editor)
    unit = UnitFactory(jurisdiction=hebei.jurisdiction)
    response = client.post(_add_url(hebei), _activity_form(unit=unit.pk))
    assert response.status_code == 302
    assert ActivityPage.objects.get(slug="community").unit == unit


def test_editor_must_pick_a_unit_of_the_same_jurisdiction(client, hebei, shanxi, national_editor, on_day):
    on_day(OPEN_DAY)
    client.force_login(national_editor)
    foreign_unit = UnitFactory(jurisdiction=shanxi.jurisdiction)
    response = client.post(_add_url(hebei), _activity_form(unit=foreign_unit.pk))
    assert response.status_code == 200
    assert not ActivityPage.objects.exists()


def test_moderators_and_submitters_are_confined_to_their_subtree(client, hebei, shanxi, moderator, submitter):
    foreign = ActivityPageFactory(parent=shanxi)
    own = ActivityPageFactory(parent=hebei)
    client.force_login(moderator)
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{foreign.pk}/edit/").status_code in (302, 403)
    assert client.get(_add_url(shanxi)).status_code in (302, 403)
    client.force_login(submitter)
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code in (302, 403), "not the submitter's own page"
    assert client.get(f"/admin/pages/{foreign.pk}/edit/").status_code in (302, 403)


def test_moderators_cannot_publish(client, hebei, moderator):
    own = ActivityPageFactory(parent=hebei, live=False)
    assert not own.permissions_for_user(moderator).can_publish()


def _evidence(activity, jurisdiction):
    collection = evidence_collection_for(jurisdiction)
    document = wagtail_factories.DocumentFactory(title="活动签到表（含手机号）", collection=collection)
    ActivityEvidence.objects.create(page=activity, document=document)
    activity.save_revision().publish()
    return document


def test_evidence_never_reaches_the_public_page(client, hebei):
    activity = ActivityPageFactory(parent=hebei)
    document = _evidence(activity, hebei.jurisdiction)
    html = client.get(activity.url).content.decode()
    assert document.title not in html
    assert document.url not in html


def test_evidence_files_are_refused_to_the_public_and_other_jurisdictions(client, hebei, shanxi, moderator):
    activity = ActivityPageFactory(parent=hebei)
    document = _evidence(activity, hebei.jurisdiction)
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302 and not anonymous.has_header("Content-Disposition")
    assert anonymous["Location"].startswith("/admin/login/?next=/documents/"), "the styled admin sign-in"
    outsider = UserFactory(groups=[shanxi.jurisdiction.moderators])
    client.force_login(outsider)
    assert client.get(document.url).status_code in (302, 403)
    client.force_login(moderator)
    assert client.get(document.url).status_code == 200


def test_evidence_must_be_filed_in_the_private_collection(admin_client, hebei, on_day):
    on_day(OPEN_DAY)
    public_document = wagtail_factories.DocumentFactory(title="公开文件")
    unit = UnitFactory(jurisdiction=hebei.jurisdiction)
    data = _activity_form(
        unit=unit.pk, evidence=inline_formset([{"document": public_document.pk, "description": "签到表"}])
    )
    response = admin_client.post(_add_url(hebei), data)
    assert response.status_code == 200
    assert not ActivityPage.objects.exists()
    assert Page.objects.filter(slug="community").count() == 0


def test_new_items_get_a_short_pinyin_link_and_keep_a_hand_chosen_ascii_one(client, hebei, submitter, on_day):
    on_day(OPEN_DAY)
    client.force_login(submitter)
    for _ in range(2):
        response = client.post(_add_url(hebei), _activity_form(slug="节水宣传进社区"))
        assert response.status_code == 302, response.content.decode()[:2000]
    long_title = "“节水中国 你我同行”联合行动之" + "节约用水" * 30
    client.post(_add_url(hebei), _activity_form(title=long_title, slug=""))
    client.post(_add_url(hebei), _activity_form(title="世界水日", slug="world-water-day"))
    slugs = list(ActivityPage.objects.order_by("pk").values_list("slug", flat=True))
    assert slugs[:2] == ["jie-shui-xuan-chuan-jin-she-qu", "jie-shui-xuan-chuan-jin-she-qu-2"]
    assert slugs[2].startswith("jie-shui-zhong-guo-ni-wo-tong-") and len(slugs[2]) <= 50
    assert slugs[3] == "world-water-day"
    assert all(slug.isascii() for slug in slugs)


def test_an_existing_items_link_is_left_as_it_was(client, hebei, moderator):
    activity = ActivityPageFactory(parent=hebei, slug="节水宣传进社区")
    client.force_login(moderator)
    data = _activity_form(slug="节水宣传进社区", unit=activity.unit_id)
    client.post(f"/admin/pages/{activity.pk}/edit/", data)
    activity.refresh_from_db()
    assert activity.get_latest_revision_as_object().slug == "节水宣传进社区"


@pytest.mark.parametrize("action", ["action-save", "action-submit"])
def test_a_create_that_loses_its_slug_to_a_quicker_request_takes_the_next_one(
    client, hebei, submitter, on_day, monkeypatch, action
):
    """An autosave and a click on 保存草稿 create at the same moment: the slug the form chose is gone by the save."""
    on_day(OPEN_DAY)
    checked_slug = ShowcaseItemForm.clean_slug

    def slug_taken_right_after_the_check(form):
        slug = checked_slug(form)
        ActivityPageFactory(parent=hebei, title="另一请求创建的活动", slug=slug, live=False)
        return slug

    monkeypatch.setattr(ShowcaseItemForm, "clean_slug", slug_taken_right_after_the_check)
    client.force_login(submitter)
    response = client.post(_add_url(hebei), {**_activity_form(slug=""), action: "1"})

    assert response.status_code == 302, response.context["form"].errors
    created = ActivityPage.objects.get(title="节水宣传进社区")
    assert created.slug == "jie-shui-xuan-chuan-jin-she-qu-2"
    assert ActivityPage.objects.count() == 2


def test_the_open_form_keeps_the_short_link_after_a_background_save(client, hebei, submitter, on_day):
    """Wagtail's autosave creates the page while the form, holding the title as its slug, stays open."""
    on_day(OPEN_DAY)
    client.force_login(submitter)
    background = client.post(
        _add_url(hebei), _activity_form(slug="节水宣传进社区"), HTTP_ACCEPT="application/json"
    ).json()
    assert background["success"], background
    assert background["field_updates"]["slug"] == "jie-shui-xuan-chuan-jin-she-qu", "the open form is told"

    # The next save from the same open form still posts the Chinese slug the browser derived.
    response = client.post(f"/admin/pages/{background['pk']}/edit/", _activity_form(slug="节水宣传进社区"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ActivityPage.objects.get(pk=background["pk"])
    assert page.get_latest_revision_as_object().slug == "jie-shui-xuan-chuan-jin-she-qu"


def _open_create_form(client, parent):
    """The fields of a freshly opened add-page form, with the token the form carries."""
    page = client.get(_add_url(parent)).content.decode()
    token = re.search(r'name="creation_token" value="([0-9a-f-]{36})"', page)
    assert token, "the create form carries its token"
    return {**_activity_form(slug="节水宣传进社区"), "creation_token": token.group(1)}


def test_a_submit_sent_while_the_autosave_creates_the_page_submits_that_page(client, hebei, submitter, on_day):
    """提交 is clicked after the autosave created the page but before the open form was pointed at it."""
    on_day(OPEN_DAY)
    client.force_login(submitter)
    form = _open_create_form(client, hebei)
    background = client.post(_add_url(hebei), form, HTTP_ACCEPT="application/json").json()

    response = client.post(_add_url(hebei), {**form, "action-submit": "1"})

    assert response.status_code == 302
    page = ActivityPage.objects.get()
    assert page.pk == background["pk"]
    assert page.workflow_in_progress, "the page the autosave made is the one in review"
    assert page.slug == "jie-shui-xuan-chuan-jin-she-qu"


def test_an_autosave_retried_after_a_lost_answer_moves_the_form_to_the_page_it_made(client, hebei, submitter, on_day):
    on_day(OPEN_DAY)
    client.force_login(submitter)
    form = _open_create_form(client, hebei)
    first = client.post(_add_url(hebei), form, HTTP_ACCEPT="application/json").json()

    retry = client.post(_add_url(hebei), {**form, "summary": "改过的摘要"}, HTTP_ACCEPT="application/json").json()

    assert retry["success"] and retry["pk"] == first["pk"]
    assert retry["url"] == f"/admin/pages/{first['pk']}/edit/"
    assert retry["hydrate_url"].startswith(retry["url"]), "the open form switches to the edit view"
    page = ActivityPage.objects.get()
    assert page.get_latest_revision_as_object().summary == "改过的摘要"


def test_each_open_form_makes_its_own_page_and_a_token_never_reaches_another_users_page(
    client, hebei, submitter, national_editor, on_day
):
    on_day(OPEN_DAY)
    client.force_login(submitter)
    form = _open_create_form(client, hebei)
    client.post(_add_url(hebei), form)
    client.post(_add_url(hebei), _open_create_form(client, hebei))
    assert ActivityPage.objects.filter(owner=submitter).count() == 2

    client.force_login(national_editor)
    client.post(_add_url(hebei), {**form, "title": "国家编辑的活动", "unit": submitter.unit_membership.unit_id})

    assert ActivityPage.objects.filter(owner=national_editor, title="国家编辑的活动").count() == 1
    assert not ActivityPage.objects.filter(owner=submitter, title="国家编辑的活动").exists()


def test_a_create_racing_the_forms_first_request_edits_the_page_that_request_made(
    client, hebei, submitter, on_day, monkeypatch
):
    """The first request had not committed when this one looked, and had by the time this one claimed the token."""
    on_day(OPEN_DAY)
    client.force_login(submitter)
    form = _open_create_form(client, hebei)
    first = client.post(_add_url(hebei), form, HTTP_ACCEPT="application/json").json()
    looked_up = PageCreation.page_made_by
    lookups = []

    def not_there_the_first_time(token, user):
        lookups.append(token)
        return None if len(lookups) == 1 else looked_up(token, user)

    monkeypatch.setattr(PageCreation, "page_made_by", not_there_the_first_time)
    response = client.post(_add_url(hebei), {**form, "action-submit": "1"})

    assert response.status_code == 302
    assert len(lookups) == 2
    assert ActivityPage.objects.get().pk == first["pk"]
    assert ActivityPage.objects.get().workflow_in_progress


def test_digits_and_latin_letters_of_a_title_stay_in_its_link():
    assert pinyin_slug("2026年节水宣传周") == "2026-nian-jie-shui-xuan-chuan-zhou"
    assert pinyin_slug("快速保存测试0.6") == "kuai-su-bao-cun-ce-shi-06"
    assert pinyin_slug("“”！") == "item"
