"""Filing through the API with a token: the admin's rules apply, field errors come back, others' items stay closed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken, Page, WorkflowState

from campaign.api.tokens import token_lifetime
from showcase.models import ActivityPage
from showcase.permissions.roles import NATIONAL_EDITORS
from tests.api.conftest import API, token_for
from tests.factories import ActivityPageFactory, UnitFactory, UnitMemberFactory, UserFactory
from tests.showcase.test_filing_and_access import CLOSED_DAY, OPEN_DAY, _activity_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def filing_open(on_day):
    on_day(OPEN_DAY)
    return on_day


@pytest.fixture
def unit(hebei):
    return UnitFactory(jurisdiction=hebei.jurisdiction, name="石家庄市节水办")


@pytest.fixture
def submitter(hebei, unit):
    user = UserFactory(groups=[hebei.jurisdiction.submitters])
    UnitMemberFactory(user=user, unit=unit)
    return user


def activity(showcase, jurisdiction="hebei", **overrides):
    body = {
        "meta": {"showcase": showcase.pk, "jurisdiction": jurisdiction},
        "title": "节水宣传进社区",
        "summary": "社区居民学习家庭节水小窍门。",
        "starts_on": "2023-04-01",
        "ends_on": "2023-04-03",
        "venue": "石家庄市长安区",
        "sectors": ["community"],
        "regions": ["shijiazhuang"],
        "participant_count": 120,
        "body": [{"type": "paragraph", "value": "<p>活动内容</p>"}],
        "progress_updates": [{"date": "2023-04-01", "text": "开幕：社区居民参观节水展板。"}],
    }
    body.update(overrides)
    return body


def post(client, path, body, headers):
    return client.post(API + path, body, content_type="application/json", **headers)


def test_a_submitter_files_a_draft_for_their_own_unit(client, showcase, submitter, unit, vocabulary, filing_open):
    response = post(client, "/filing/activities/", activity(showcase), token_for(submitter))

    assert response.status_code == 201, response.content
    created = ActivityPage.objects.get(pk=response.json()["id"])
    assert created.live is False
    assert created.unit == unit
    assert created.owner == submitter
    assert [update.text for update in created.progress_updates.all()] == ["开幕：社区居民参观节水展板。"]
    assert {sector.slug for sector in created.sectors.all()} == {"community"}
    assert created.slug == "jie-shui-xuan-chuan-jin-she-qu", "a short pinyin link, not the encoded title"
    assert client.get(f"{API}/activities/{created.pk}/").status_code == 404


def test_no_token_or_a_bad_token_is_401_with_a_message(client, showcase, vocabulary, filing_open):
    missing = post(client, "/filing/activities/", activity(showcase), {})
    wrong = post(client, "/filing/activities/", activity(showcase), {"HTTP_AUTHORIZATION": "Bearer wagtail_nonsense"})
    for response in (missing, wrong):
        assert response.status_code == 401
        assert "Authorization: Bearer" in response.json()["detail"]
    assert not ActivityPage.objects.exists()


def test_a_session_login_does_not_authorise_api_writes(client, showcase, submitter, vocabulary, filing_open):
    client.force_login(submitter)
    assert post(client, "/filing/activities/", activity(showcase), {}).status_code == 401


def test_tokens_expire_and_are_then_shown_revoked(client, showcase, submitter, vocabulary, filing_open):
    headers = token_for(submitter)
    APIToken.objects.update(created=timezone.now() - token_lifetime() - datetime.timedelta(minutes=1))
    response = post(client, "/filing/activities/", activity(showcase), headers)
    assert response.status_code == 401
    assert APIToken.objects.get().revoked_at is not None
    assert not ActivityPage.objects.exists()


def test_a_revoked_token_is_refused(client, showcase, submitter, vocabulary, filing_open):
    headers = token_for(submitter)
    APIToken.objects.get().revoke()
    assert post(client, "/filing/activities/", activity(showcase), headers).status_code == 401


def test_filing_in_another_jurisdiction_is_403(client, showcase, shanxi, submitter, vocabulary, filing_open):
    response = post(client, "/filing/activities/", activity(showcase, jurisdiction="shanxi"), token_for(submitter))
    assert response.status_code == 403
    assert "山西" in response.json()["detail"]
    assert not ActivityPage.objects.exists()


def test_filing_outside_the_window_is_refused_with_the_dates(client, showcase, submitter, vocabulary, filing_open):
    filing_open(CLOSED_DAY)
    response = post(client, "/filing/activities/", activity(showcase), token_for(submitter))
    assert response.status_code == 403
    assert "nothing was saved" in response.json()["detail"] or "未保存" in response.json()["detail"]
    assert not ActivityPage.objects.exists()


def test_wagtails_generic_page_writes_are_not_a_way_around_the_filing_rules(client, hebei, submitter, filing_open):
    body = {"meta": {"type": "showcase.ActivityPage", "parent_id": hebei.pk}, "title": "绕过填报规则的尝试"}
    response = post(client, "/pages/", body, token_for(submitter))
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert not ActivityPage.objects.exists()


def test_the_admin_form_itself_refuses_new_items_outside_the_window(hebei, submitter, vocabulary, filing_open):
    """Whatever binds the activity form (the admin, the API's filing) meets the window, not only the admin's hooks."""
    filing_open(CLOSED_DAY)
    form_class = ActivityPage.get_edit_handler().get_form_class()
    form = form_class(data=_activity_form(), instance=ActivityPage(), parent_page=hebei, for_user=submitter)
    assert not form.is_valid()
    assert "2023" in " ".join(form.non_field_errors())


@pytest.mark.parametrize(
    ("overrides", "location"),
    [
        ({"ends_on": "2023-03-01"}, ["ends_on"]),
        ({"starts_on": "2022-12-31", "ends_on": "2023-01-02"}, ["starts_on"]),
        ({"title": ""}, ["body", "data", "title"]),
        ({"participant_count": -5}, ["body", "data", "participant_count"]),
    ],
)
def test_bad_payloads_get_field_errors_and_change_nothing(
    client, showcase, submitter, vocabulary, filing_open, overrides, location
):
    pages_before = Page.objects.count()
    response = post(client, "/filing/activities/", activity(showcase, **overrides), token_for(submitter))
    assert response.status_code == 422, response.content
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert location in [error["loc"] for error in problem["errors"]]
    assert all(error["msg"] for error in problem["errors"])
    assert Page.objects.count() == pages_before


@pytest.mark.parametrize(
    ("overrides", "location"),
    [
        ({"sectors": ["no-such-sector"]}, ["body", "data", "sectors", 0]),
        ({"lead_image": 2_000_000_000}, ["body", "data", "lead_image"]),
        (
            {"body": [{"type": "gallery", "value": [{"image": 2_000_000_000, "alt_text": "展板"}]}]},
            ["body", "data", "body", 0, "value", 0, "image"],
        ),
    ],
)
def test_a_reference_to_something_that_does_not_exist_is_a_404_naming_the_field(
    client, showcase, submitter, vocabulary, filing_open, overrides, location
):
    pages_before = Page.objects.count()
    response = post(client, "/filing/activities/", activity(showcase, **overrides), token_for(submitter))
    assert response.status_code == 404, response.content
    assert [error["loc"] for error in response.json()["errors"]] == [location]
    assert Page.objects.count() == pages_before


def test_a_submitter_updates_their_draft_and_lists_it(client, showcase, submitter, vocabulary, filing_open):
    headers = token_for(submitter)
    created = post(client, "/filing/activities/", activity(showcase), headers).json()
    response = client.patch(
        f"{API}/filing/activities/{created['id']}/",
        {"venue": "石家庄市裕华区", "progress_updates": []},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    draft = ActivityPage.objects.get(pk=created["id"]).get_latest_revision_as_object()
    assert draft.venue == "石家庄市裕华区"
    assert draft.title == "节水宣传进社区"
    assert list(draft.progress_updates.all()) == []
    mine = client.get(f"{API}/filing/activities/", **headers).json()
    assert [item["id"] for item in mine] == [created["id"]]


def test_another_units_draft_is_not_found(client, showcase, hebei, submitter, vocabulary, filing_open):
    others = ActivityPageFactory(parent=hebei, live=False, owner=UserFactory())
    response = client.patch(
        f"{API}/filing/activities/{others.pk}/",
        {"venue": "改别人的"},
        content_type="application/json",
        **token_for(submitter),
    )
    assert response.status_code == 404
    assert client.get(f"{API}/filing/activities/", **token_for(submitter)).json() == []


def test_submitting_starts_the_tiered_review_once(client, showcase, submitter, vocabulary, filing_open):
    headers = token_for(submitter)
    created = post(client, "/filing/activities/", activity(showcase), headers).json()

    submitted = client.post(f"{API}/filing/activities/{created['id']}/submit/", **headers)
    again = client.post(f"{API}/filing/activities/{created['id']}/submit/", **headers)

    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["in_review"] is True
    assert WorkflowState.objects.filter(object_id=str(created["id"]), status="in_progress").count() == 1
    assert again.status_code in (403, 409)


def test_images_are_uploaded_and_attached(client, showcase, submitter, vocabulary, filing_open):
    headers = token_for(submitter)
    upload = client.post(
        f"{API}/images/",
        {"title": "社区节水展板", "file": SimpleUploadedFile("board.png", get_test_image_file().file.getvalue())},
        **headers,
    )
    assert upload.status_code == 201, upload.content
    image_id = upload.json()["id"]
    created = post(client, "/filing/activities/", activity(showcase, lead_image=image_id), headers).json()
    assert ActivityPage.objects.get(pk=created["id"]).lead_image_id == image_id


def test_a_file_that_is_not_an_image_is_refused_and_not_stored(client, submitter, filing_open):
    response = client.post(
        f"{API}/images/",
        {"title": "伪装的图片", "file": SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", "image/png")},
        **token_for(submitter),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["file"]
    assert not get_image_model().objects.filter(title="伪装的图片").exists()


def test_someone_without_a_role_can_upload_nothing_and_file_nothing(client, showcase, hebei, vocabulary, filing_open):
    stranger = token_for(UserFactory())
    assert post(client, "/filing/activities/", activity(showcase), stranger).status_code == 403
    upload = client.post(
        f"{API}/images/",
        {"title": "x", "file": SimpleUploadedFile("x.png", get_test_image_file().file.getvalue())},
        **stranger,
    )
    assert upload.status_code == 403


@override_settings(API_THROTTLE_RATES={"search": "120/min", "write": "2/min"})
def test_writes_are_rate_limited_per_token(client, showcase, submitter, vocabulary, filing_open, clock):
    headers = token_for(submitter)
    statuses = [
        post(client, "/filing/activities/", activity(showcase, title=f"活动{n}"), headers).status_code for n in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert ActivityPage.objects.count() == 2


def test_national_editors_file_for_a_unit_they_choose(client, showcase, unit, vocabulary, filing_open):
    editor = UserFactory(groups=[NATIONAL_EDITORS.group()])
    response = post(client, "/filing/activities/", activity(showcase, unit=unit.pk), token_for(editor))
    assert response.status_code == 201, response.content
    assert ActivityPage.objects.get().unit == unit


def test_an_image_whose_pixels_cannot_be_read_is_refused_not_a_server_error(client, submitter, filing_open):
    truncated = get_test_image_file().file.getvalue()[:40]
    response = client.post(
        f"{API}/images/",
        {"title": "残缺的图片", "file": SimpleUploadedFile("broken.png", truncated, "image/png")},
        **token_for(submitter),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["file"]
    assert not get_image_model().objects.filter(title="残缺的图片").exists()
