"""Nominations, summary materials, expert review, the ranking rule and the public awards page."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import judging
from assessment.awards import nominate, organizing_unit_figures, upload_summary
from assessment.models import AwardsPage, ExpertScore, Nomination, SummaryMaterial
from showcase.models import ItemRating
from tests.assessment.conftest import assert_denied, scores
from tests.factories import (
    ActivityPageFactory,
    AssessmentPeriodFactory,
    AwardCategoryFactory,
    CampaignHomePageFactory,
    UnitFactory,
    UserFactory,
    VideoPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(campaign):
    return {
        "activity": AwardCategoryFactory(campaign=campaign, kind="activity", name="优秀活动", places=1),
        "video": AwardCategoryFactory(campaign=campaign, kind="video", name="最佳节水宣传创意视频", places=1),
        "unit": AwardCategoryFactory(campaign=campaign, kind="organizing_unit", name="优秀组织单位", places=2),
    }


def test_an_unpublished_activity_cannot_be_nominated(categories, hebei_page, editor):
    draft = ActivityPageFactory(parent=hebei_page, title="尚未发布的节水活动", live=False)
    with pytest.raises(ValidationError) as error:
        nominate(editor, categories["activity"], item=draft)
    message = " ".join(error.value.messages)
    assert "尚未发布的节水活动" in message
    assert Nomination.objects.count() == 0


def test_a_video_is_not_an_activity_and_a_unit_needs_the_unit_award(categories, hebei_page, editor):
    video = VideoPageFactory(parent=hebei_page)
    with pytest.raises(ValidationError):
        nominate(editor, categories["activity"], item=video)
    with pytest.raises(ValidationError):
        nominate(editor, categories["unit"], item=video)
    assert Nomination.objects.count() == 0


def test_an_item_of_another_campaign_is_refused(categories, hebei_page, editor, root_page):
    other = CampaignHomePageFactory(parent=root_page, year=2024)
    other_category = AwardCategoryFactory(campaign=other, kind="activity", name="优秀活动", places=3)
    activity = ActivityPageFactory(parent=hebei_page)
    with pytest.raises(ValidationError):
        nominate(editor, other_category, item=activity)


def test_only_national_editors_nominate(categories, hebei_page, experts):
    with pytest.raises(PermissionDenied):
        nominate(experts[0], categories["activity"], item=ActivityPageFactory(parent=hebei_page))


def test_an_organizing_units_figures(campaign, categories, hebei_page, editor, record, tiers):
    unit = UnitFactory(jurisdiction=hebei_page.jurisdiction, name="石家庄市水利局")
    rated = ActivityPageFactory(parent=hebei_page, unit=unit)
    ActivityPageFactory(parent=hebei_page, unit=unit, live=False)
    VideoPageFactory(parent=hebei_page, unit=unit)
    ItemRating.objects.create(item=rated, rating="A+")
    period = AssessmentPeriodFactory(name="2023年考核", year=2023, bonus_cap=Decimal(20), bodies={unit: "county"})
    record(unit, 7, period=period, published_on=datetime.date(2023, 3, 22))
    figures = organizing_unit_figures(unit, campaign)
    assert figures == {
        "activities": 2,
        "activities_published": 1,
        "videos": 1,
        "videos_published": 1,
        "rated_a_plus": 1,
        "rated_a": 0,
        "rated_b": 0,
        "coverage_points": Decimal("1.00"),
    }


def _moderator(hebei_page):
    return UserFactory(groups=[hebei_page.jurisdiction.moderators])


def test_summary_materials_are_refused_after_the_deadline_with_the_date(campaign, hebei_page):
    moderator = _moderator(hebei_page)
    upload = SimpleUploadedFile("总结.pdf", b"%PDF-1.4\n")
    with pytest.raises(ValidationError) as error:
        upload_summary(
            moderator, campaign, hebei_page.jurisdiction, "河北推优材料", upload, today=datetime.date(2023, 7, 16)
        )
    assert "2023" in " ".join(error.value.messages) and "15" in " ".join(error.value.messages)
    assert SummaryMaterial.objects.count() == 0
    material = upload_summary(
        moderator, campaign, hebei_page.jurisdiction, "河北推优材料", upload, today=datetime.date(2023, 7, 15)
    )
    assert material.document.collection.get_view_restrictions().exists()


def test_summary_materials_only_for_ones_own_jurisdiction(campaign, hebei_page, zhejiang):
    moderator = _moderator(hebei_page)
    with pytest.raises(PermissionDenied):
        upload_summary(
            moderator,
            campaign,
            zhejiang,
            "冒名材料",
            SimpleUploadedFile("a.pdf", b"%PDF"),
            today=datetime.date(2023, 7, 1),
        )
    assert SummaryMaterial.objects.count() == 0


@pytest.fixture
def review(campaign, categories, hebei_page, editor, experts):
    """Activities A (A+), B (A), C (unrated); videos V1 (A) and V2 (A+); all assigned to two experts."""
    items = {
        "A": ActivityPageFactory(parent=hebei_page, title="活动甲"),
        "B": ActivityPageFactory(parent=hebei_page, title="活动乙"),
        "C": ActivityPageFactory(parent=hebei_page, title="活动丙"),
        "V1": VideoPageFactory(parent=hebei_page, title="视频一"),
        "V2": VideoPageFactory(parent=hebei_page, title="视频二"),
    }
    for key, rating in {"A": "A+", "B": "A", "V1": "A", "V2": "A+"}.items():
        ItemRating.objects.create(item=items[key], rating=rating)
    nominations = {
        key: nominate(editor, categories["video" if key.startswith("V") else "activity"], item=item)
        for key, item in items.items()
    }
    assignments = {
        (key, expert.username): judging.assign(editor, nomination, expert)
        for key, nomination in nominations.items()
        for expert in experts[:2]
    }
    return {
        "items": items,
        "nominations": nominations,
        "assignments": assignments,
        "round": judging.ensure_round(campaign),
    }


# Per nomination, each expert's score per criterion (4 criteria × 25): totals 60/80, 90/90, 100/100, 90/90, 80/80.
SCORES = {"A": (15, 20), "B": (22.5, 22.5), "C": (25, 25), "V1": (22.5, 22.5), "V2": (20, 20)}


def _score_all(review, experts):
    for key, per_expert in SCORES.items():
        for expert, value in zip(experts[:2], per_expert, strict=True):
            assignment = review["assignments"][(key, expert.username)]
            judging.score(expert, assignment.pk, scores(value), comment=f"{expert.username}的意见")


def test_the_ranking_follows_the_published_rule(review, editor, experts):
    _score_all(review, experts)
    judging.close_round(editor, review["round"])
    result = {
        key: (n.rating_score, n.expert_score, n.final_score, n.rank, n.is_winner)
        for key, n in ((key, Nomination.objects.get(pk=n.pk)) for key, n in review["nominations"].items())
    }
    # final = 40% × rating + 60% × expert, by hand:
    assert result["A"] == (Decimal("100.00"), Decimal("70.00"), Decimal("82.00"), 2, False)
    assert result["B"] == (Decimal("85.00"), Decimal("90.00"), Decimal("88.00"), 1, True)
    assert result["C"] == (Decimal("0.00"), Decimal("100.00"), Decimal("60.00"), 3, False)
    # A tie for the only video place: both share rank 1 and both win.
    assert result["V1"] == (Decimal("85.00"), Decimal("90.00"), Decimal("88.00"), 1, True)
    assert result["V2"] == (Decimal("100.00"), Decimal("80.00"), Decimal("88.00"), 1, True)


def test_the_round_does_not_close_while_scores_are_missing(review, editor, experts):
    with pytest.raises(ValidationError):
        judging.close_round(editor, review["round"])
    review["round"].refresh_from_db()
    assert not review["round"].is_closed


@pytest.mark.parametrize("bad", [-1, 25.5, "很好", None])
def test_a_score_outside_its_range_is_refused_and_nothing_saved(review, experts, bad):
    assignment = review["assignments"][("A", experts[0].username)]
    values = {**scores(20), "reach": bad}
    with pytest.raises(ValidationError) as error:
        judging.score(experts[0], assignment.pk, values)
    assert "reach" in error.value.message_dict
    assert ExpertScore.objects.count() == 0


def test_an_expert_cannot_score_an_unassigned_nomination(review, experts):
    others = review["assignments"][("A", experts[0].username)]
    with pytest.raises(PermissionDenied):
        judging.score(experts[1], others.pk, scores(20))
    with pytest.raises(PermissionDenied):
        judging.score(experts[2], others.pk, scores(20))
    assert ExpertScore.objects.count() == 0


def test_scores_stay_hidden_from_other_experts_until_the_round_closes(client, review, editor, experts):
    _score_all(review, experts)
    nomination = review["nominations"]["A"]
    assert [a.expert for a in judging.visible_assignments(experts[1], nomination)] == [experts[1]]
    assert judging.visible_assignments(editor, nomination) == []
    others = review["assignments"][("A", experts[0].username)]
    client.force_login(experts[1])
    response = client.get(f"/admin/assessment/my-assignments/{others.pk}/")
    assert response.status_code == 404
    mine = review["assignments"][("A", experts[1].username)]
    html = client.get(f"/admin/assessment/my-assignments/{mine.pk}/").content.decode()
    assert "expert1的意见" not in html and "expert2的意见" in html

    judging.close_round(editor, review["round"])
    assert len(judging.visible_assignments(editor, nomination)) == 2


def test_experts_score_through_their_admin_page(client, review, experts):
    assignment = review["assignments"][("B", experts[0].username)]
    client.force_login(experts[0])
    listing = client.get("/admin/assessment/my-assignments/").content.decode()
    assert "活动乙" in listing
    response = client.post(f"/admin/assessment/my-assignments/{assignment.pk}/", {**scores(30), "comment": "好"})
    assert response.status_code == 200 and ExpertScore.objects.count() == 0
    response = client.post(f"/admin/assessment/my-assignments/{assignment.pk}/", {**scores(20), "comment": "好"})
    assert response.status_code == 302
    assert ExpertScore.objects.filter(assignment=assignment).count() == 4


def test_experts_and_officers_cannot_run_the_round(client, review, experts, officers, campaign):
    for user in (experts[0], officers["dinghai"]):
        client.force_login(user)
        assert_denied(client.get(f"/admin/assessment/judging/{campaign.pk}/"))
        assert_denied(client.post(f"/admin/assessment/judging/{campaign.pk}/", {"action": "close"}))
    review["round"].refresh_from_db()
    assert not review["round"].is_closed


def test_national_editors_assign_close_and_issue_from_the_round_page(client, review, editor, experts, campaign):
    _score_all(review, experts)
    url = f"/admin/assessment/judging/{campaign.pk}/"
    client.force_login(editor)
    assert "活动甲" in client.get(url).content.decode()
    nomination = review["nominations"]["C"]
    client.post(url, {"action": "assign", "nomination": nomination.pk, "expert": experts[2].pk})
    late = nomination.assignments.get(expert=experts[2])
    client.post(url, {"action": "close"})
    review["round"].refresh_from_db()
    assert not review["round"].is_closed  # expert3 has not scored yet

    judging.score(experts[2], late.pk, scores(25))
    client.post(url, {"action": "close"})
    client.post(url, {"action": "certificates"})
    review["round"].refresh_from_db()
    assert review["round"].is_closed
    assert Nomination.objects.filter(is_winner=True, certificate__isnull=False).count() == 3


def test_the_awards_page_shows_the_rule_and_only_published_results(client, review, editor, experts, campaign):
    page = AwardsPage(title="评选结果", slug="awards")
    campaign.add_child(instance=page)
    html = client.get(page.url).content.decode()
    assert "优秀活动" in html and "活动乙" not in html
    assert "40%" in html and "60%" in html

    _score_all(review, experts)
    judging.close_round(editor, review["round"])
    html = client.get(page.url).content.decode()
    assert "活动乙" in html and "视频一" in html and "视频二" in html
    assert "活动甲" not in html
    assert "的意见" not in html  # expert comments are never public


def test_nominating_in_the_admin_refuses_a_draft_and_keeps_who_nominated(client, categories, hebei_page, editor):
    draft = ActivityPageFactory(parent=hebei_page, title="草稿活动", live=False)
    published = ActivityPageFactory(parent=hebei_page, title="已发布活动")
    client.force_login(editor)
    url = "/admin/snippets/assessment/nomination/add/"
    data = {"category": categories["activity"].pk, "unit": "", "reason": ""}
    response = client.post(url, {**data, "item": draft.pk})
    assert response.status_code == 200 and "草稿活动" in response.content.decode()
    assert Nomination.objects.count() == 0
    assert client.post(url, {**data, "item": published.pk}).status_code == 302
    assert Nomination.objects.get().nominated_by == editor


def test_the_summary_page_refuses_uploads_after_the_deadline_and_others_cannot_open_it(
    client, campaign, hebei_page, officers
):
    moderator = _moderator(hebei_page)
    client.force_login(moderator)
    assert client.get("/admin/assessment/summaries/").status_code == 200
    response = client.post(
        "/admin/assessment/summaries/",
        {
            "campaign": campaign.pk,
            "jurisdiction": hebei_page.jurisdiction.pk,
            "title": "河北推优材料",
            "file": SimpleUploadedFile("总结.pdf", b"%PDF-1.4\n"),
        },
    )
    assert response.status_code == 200  # the form again, with the refusal; the deadline (2023-07-15) has passed
    assert "2023" in response.content.decode() and SummaryMaterial.objects.count() == 0
    client.force_login(officers["dinghai"])
    assert_denied(client.get("/admin/assessment/summaries/"))


def test_one_awards_page_per_campaign_under_its_home_page():
    from campaign.models import CampaignHomePage

    assert AwardsPage.allowed_parent_page_models() == [CampaignHomePage]
    assert AwardsPage.max_count_per_parent == 1


def test_the_api_shows_awards_like_the_page_and_no_score_before_the_round_closes(
    client, review, editor, experts, campaign
):
    _score_all(review, experts)
    before = client.get(f"/api/v3/campaigns/{campaign.pk}/awards/").json()
    assert before["results_published"] is False
    assert all(category["winners"] == [] for category in before["categories"])
    assert "40%" in before["ranking_rule"]

    judging.close_round(editor, review["round"])
    after = client.get(f"/api/v3/campaigns/{campaign.pk}/awards/").json()
    winners = {winner["name"]: winner for category in after["categories"] for winner in category["winners"]}
    assert {"活动乙", "视频一", "视频二"} <= set(winners)
    assert "活动甲" not in winners
    assert winners["活动乙"]["final_score"] is not None
    assert "的意见" not in json.dumps(after, ensure_ascii=False)
