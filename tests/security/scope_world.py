"""A small platform with two jurisdictions, three units, an assessed city and an award round, for the scope crawl.

Every object a role might leak carries a marker (``zqx<number>q``) in its
title, file name, user name or comment, and knows which roles may see it. The
crawl then only has to look for the markers of everything outside a role's
scope in every answer that role gets.
"""

import datetime
import io
from dataclasses import dataclass, field

import wagtail_factories
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken, Comment, Page, Site

from assessment import judging
from assessment.access import add_officer, evidence_collection_for_body
from assessment.awards import nominate
from assessment.coverage import record_coverage
from assessment.models import OutletTier
from assessment.roles import ASSESSORS, EXPERTS
from campaign.exports import build_export
from campaign.models import Export
from showcase.models import ActivityEvidence
from showcase.permissions.grants import evidence_collection_for
from showcase.permissions.roles import NATIONAL_EDITORS
from showcase.review.workflow import tiered_review_workflow
from tests.factories import (
    ActivityPageFactory,
    AssessmentPeriodFactory,
    AwardCategoryFactory,
    CampaignHomePageFactory,
    JurisdictionFactory,
    JurisdictionPageFactory,
    LiaisonFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ShowcaseIndexPageFactory,
    UnitFactory,
    UnitMemberFactory,
    UserFactory,
)

# The roles the crawl logs in as (the list): two units of one jurisdiction, the moderators of two
# jurisdictions, the city's information officer and assessor, an expert and a national editor.
ROLES = (
    "submitter_a",
    "submitter_b",
    "moderator_hebei",
    "moderator_shandong",
    "officer",
    "assessor",
    "expert",
    "editor",
)
HEBEI_A = {"submitter_a", "moderator_hebei", "editor"}
HEBEI_B = {"submitter_b", "moderator_hebei", "editor"}
SHANDONG = {"moderator_shandong", "editor"}
CITY_DINGHAI = {"officer", "assessor"}
CITY_PUTUO = {"assessor"}
CHECKS = {"authenticity_checked": True, "accuracy_checked": True, "completeness_checked": True}


@dataclass
class World:
    users: dict
    objects: dict = field(default_factory=dict)
    # marker -> (what it names, the roles that may see it)
    markers: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    counter: int = 0

    def mark(self, what, visible_to):
        self.counter += 1
        marker = f"zqx{self.counter:03d}q"
        self.markers[marker] = (what, frozenset(visible_to))
        return marker

    def foreign_markers(self, role):
        return {marker: what for marker, (what, roles) in self.markers.items() if role not in roles}

    def marker_of(self, what):
        return next(marker for marker, (name, _roles) in self.markers.items() if name == what)


# What each role must find somewhere in its crawl: its own work, so that a crawl refused everywhere fails.
EXPECTED_SIGHTINGS = {
    "submitter_a": ["page draft_a", "evidence a", "image a", "API token of submitter_a"],
    "submitter_b": ["page draft_b", "comment draft_b", "approval comment on final_b", "retitled draft of changed_b"],
    "moderator_hebei": ["page draft_b", "evidence b", "page final_b", "liaison of 石家庄市第一中学"],
    "moderator_shandong": ["page draft_c", "evidence c", "change request on returned_c", "liaison of 济南市节水办"],
    "officer": ["coverage record_dinghai", "coverage evidence record_dinghai"],
    "assessor": ["coverage record_putuo", "coverage evidence record_putuo", "user officer_putuo"],
    "expert": ["expert comment assignment"],
    "editor": ["news draft", "page draft_c", "evidence c", "user other_expert"],
}


def _pdf(name):
    return SimpleUploadedFile(f"{name}.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def _image(world, name, uploader, visible_to):
    marker = world.mark(f"image {name}", visible_to)
    image_file = get_test_image_file(filename=f"{marker}.png")
    return wagtail_factories.ImageFactory(title=f"节水照片 {marker}", file=image_file, uploaded_by_user=uploader)


def _evidence(world, name, uploader, collection, visible_to):
    marker = world.mark(f"evidence {name}", visible_to)
    document = wagtail_factories.DocumentFactory(
        title=f"签到表 {marker}", file=_pdf(marker), collection=collection, uploaded_by_user=uploader
    )
    return document


def _user(world, key, visible_to, groups=(), unit=None):
    marker = world.mark(f"user {key}", visible_to)
    user = UserFactory(username=f"u{marker}", first_name=f"姓名{marker}", groups=list(groups))
    if unit is not None:
        UnitMemberFactory(user=user, unit=unit)
    world.users[key] = user
    return user


def _item(world, key, parent, unit, owner, visible_to, *, publish=False, image=None):
    marker = world.mark(f"page {key}", visible_to if not publish else set(ROLES))
    page = ActivityPageFactory(
        parent=parent,
        title=f"节水宣传活动 {marker}",
        slug=f"item-{key.replace('_', '-')}",
        unit=unit,
        owner=owner,
        live=publish,
        lead_image=image,
    )
    revision = page.save_revision(user=owner)
    if publish:
        revision.publish()
    world.objects[key] = page
    return page


def _submit(page, user, *, evidence=None, title_marker=None):
    draft = page.get_latest_revision_as_object()
    if title_marker:
        draft.title = f"节水宣传活动修改稿 {title_marker}"
    if evidence is not None:
        draft.evidence = [ActivityEvidence(document=evidence, description="现场签到表")]
    draft.save_revision(user=user)
    tiered_review_workflow().start(draft, user=user)
    return Page.objects.get(pk=page.pk).specific


def _act(page, user, action, **data):
    page = Page.objects.get(pk=page.pk).specific
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, action, **data)


def _comment(world, page, user, key, visible_to):
    marker = world.mark(f"comment {key}", visible_to)
    Comment.objects.create(
        page=page,
        user=user,
        text=f"请补充现场照片 {marker}",
        contentpath="title",
        revision_created=page.latest_revision,
    )
    return marker


def build_world():
    """Build the whole world through the product's own services and Wagtail's workflow API."""
    world = World(users={})
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _build_showcase(world)
        _build_assessment(world)
        _build_awards(world)
        _build_tokens(world)
    return world


def _build_showcase(world):
    root = Page.get_first_root_node()
    campaign = CampaignHomePageFactory(parent=root, title="节水中国 你我同行", slug="scope-campaign")
    Site.objects.filter(is_default_site=True).update(root_page=campaign)
    news_index = NewsIndexPageFactory(parent=campaign)
    showcase = ShowcaseIndexPageFactory(parent=campaign)
    hebei = JurisdictionFactory(name="河北省水利厅", short_name="河北", code="hebei")
    shandong = JurisdictionFactory(name="山东省水利厅", short_name="山东", code="shandong")
    hebei_page = JurisdictionPageFactory(parent=showcase, jurisdiction=hebei)
    shandong_page = JurisdictionPageFactory(parent=showcase, jurisdiction=shandong)
    world.objects.update(campaign=campaign, showcase=showcase, hebei=hebei_page, shandong=shandong_page)

    unit_a = UnitFactory(jurisdiction=hebei, name="石家庄市第一中学")
    unit_b = UnitFactory(jurisdiction=hebei, name="保定市水务局")
    unit_c = UnitFactory(jurisdiction=shandong, name="济南市节水办")
    office_hebei = UnitFactory(jurisdiction=hebei, name="河北省水利厅")
    office_shandong = UnitFactory(jurisdiction=shandong, name="山东省水利厅")
    hebei_people = HEBEI_A | HEBEI_B
    editor = _user(world, "editor", set(ROLES), groups=[NATIONAL_EDITORS.group()])
    moderator_hebei = _user(world, "moderator_hebei", hebei_people, groups=[hebei.moderators], unit=office_hebei)
    _user(world, "moderator_shandong", SHANDONG, groups=[shandong.moderators], unit=office_shandong)
    submitter_a = _user(world, "submitter_a", HEBEI_A, groups=[hebei.submitters], unit=unit_a)
    submitter_b = _user(world, "submitter_b", HEBEI_B, groups=[hebei.submitters], unit=unit_b)
    submitter_c = _user(world, "submitter_c", SHANDONG, groups=[shandong.submitters], unit=unit_c)
    moderator_shandong = world.users["moderator_shandong"]

    for unit, visible_to in ((unit_a, {"moderator_hebei", "editor"}), (unit_c, SHANDONG)):
        marker = world.mark(f"liaison of {unit.name}", visible_to)
        world.objects[f"liaison_{unit.pk}"] = LiaisonFactory(unit=unit, name=f"联络员{marker}")
    # Each moderator's liaison spreadsheet, built by the worker as them: theirs to download, nobody else's.
    for moderator in (moderator_hebei, moderator_shandong):
        export = Export.objects.create(
            requested_by=moderator,
            title="联络员",
            address="http://testserver/admin/showcase/liaison/?export=xlsx",
            filename="liaisons.xlsx",
        )
        build_export.call(export.pk)

    hebei_evidence = evidence_collection_for(hebei)
    shandong_evidence = evidence_collection_for(shandong)
    image_a = _image(world, "a", submitter_a, HEBEI_A)
    image_b = _image(world, "b", submitter_b, HEBEI_B)
    image_c = _image(world, "c", submitter_c, SHANDONG)
    world.objects["shared_image"] = wagtail_factories.ImageFactory(title="节水标识", uploaded_by_user=editor)
    world.objects.update(image_a=image_a, image_b=image_b, image_c=image_c)
    evidence_a = _evidence(world, "a", submitter_a, hebei_evidence, HEBEI_A)
    evidence_b = _evidence(world, "b", submitter_b, hebei_evidence, HEBEI_B)
    evidence_c = _evidence(world, "c", submitter_c, shandong_evidence, SHANDONG)
    world.objects.update(evidence_a=evidence_a, evidence_b=evidence_b, evidence_c=evidence_c)

    # Unit A: a draft with its own picture, and an item waiting for the jurisdiction's review.
    _item(world, "draft_a", hebei_page, unit_a, submitter_a, HEBEI_A, image=image_a)
    review_a = _item(world, "review_a", hebei_page, unit_a, submitter_a, HEBEI_A)
    _submit(review_a, submitter_a, evidence=evidence_a)

    # Unit B: a draft with a reviewer's comment, an item approved by the jurisdiction and waiting for the final
    # review, a published item, and a published item whose retitled draft waits for review.
    draft_b = _item(world, "draft_b", hebei_page, unit_b, submitter_b, HEBEI_B, image=image_b)
    _comment(world, draft_b, moderator_hebei, "draft_b", HEBEI_B)
    final_b = _item(world, "final_b", hebei_page, unit_b, submitter_b, HEBEI_B)
    _submit(final_b, submitter_b, evidence=evidence_b)
    approval = world.mark("approval comment on final_b", HEBEI_B)
    _act(final_b, moderator_hebei, "approve", comment=f"同意上报 {approval}", **CHECKS)
    _item(world, "live_b", hebei_page, unit_b, submitter_b, HEBEI_B, publish=True)
    changed_b = _item(world, "changed_b", hebei_page, unit_b, submitter_b, HEBEI_B, publish=True)
    _submit(changed_b, submitter_b, title_marker=world.mark("retitled draft of changed_b", HEBEI_B))

    # Shandong: a draft, an item in review, one sent back with a reason, a published one.
    _item(world, "draft_c", shandong_page, unit_c, submitter_c, SHANDONG, image=image_c)
    review_c = _item(world, "review_c", shandong_page, unit_c, submitter_c, SHANDONG)
    _submit(review_c, submitter_c, evidence=evidence_c)
    returned_c = _item(world, "returned_c", shandong_page, unit_c, submitter_c, SHANDONG)
    _submit(returned_c, submitter_c)
    reason = world.mark("change request on returned_c", SHANDONG)
    _act(returned_c, moderator_shandong, "reject", comment=f"请补充材料 {reason}")
    _item(world, "live_c", shandong_page, unit_c, submitter_c, SHANDONG, publish=True)

    news_marker = world.mark("news draft", {"editor"})
    news = NewsPageFactory(parent=news_index, title=f"新闻草稿 {news_marker}", live=False, owner=editor)
    news.save_revision(user=editor)
    world.objects["news_draft"] = news


def _build_assessment(world):
    zhejiang = JurisdictionFactory(name="浙江省水利厅", short_name="浙江", code="zhejiang")
    dinghai = UnitFactory(jurisdiction=zhejiang, name="定海区治水办")
    putuo = UnitFactory(jurisdiction=zhejiang, name="普陀区治水办")
    period = AssessmentPeriodFactory(name="2022年宣传考核", year=2022, bodies={dinghai: "county", putuo: "county"})
    world.objects["period"] = period
    assessor = _user(world, "assessor", CITY_DINGHAI | CITY_PUTUO, groups=[ASSESSORS.group()])
    officer = _user(world, "officer", CITY_DINGHAI)
    add_officer(officer, dinghai)
    officer_putuo = _user(world, "officer_putuo", CITY_PUTUO)
    add_officer(officer_putuo, putuo)
    tier = OutletTier.objects.order_by("sort_order").first()
    for key, unit, user, visible_to in (
        ("record_dinghai", dinghai, officer, CITY_DINGHAI),
        ("record_putuo", putuo, officer_putuo, CITY_PUTUO),
    ):
        headline = world.mark(f"coverage {key}", visible_to)
        file_marker = world.mark(f"coverage evidence {key}", visible_to)
        world.objects[key] = record_coverage(
            user,
            period=period,
            unit=unit,
            tier=tier,
            outlet="舟山日报",
            headline=f"治水新闻 {headline}",
            published_on=datetime.date(2022, 5, 10),
            url=f"https://news.example.cn/{key}.html",
            evidence_file=_pdf(file_marker),
        )
    world.objects["dinghai_collection"] = evidence_collection_for_body(dinghai)
    world.objects["assessor"] = assessor


def _build_awards(world):

    campaign = world.objects["campaign"]
    editor = world.users["editor"]
    experts_group = EXPERTS.group()
    # Editors assign the experts, so they know who the experts are; only each expert sees their own comments.
    expert = _user(world, "expert", {"expert", "editor"}, groups=[experts_group])
    other_expert = _user(world, "other_expert", {"editor"}, groups=[experts_group])
    category = AwardCategoryFactory(campaign=campaign, kind="activity", name="优秀活动", places=1)
    nomination = nominate(editor, category, item=world.objects["live_b"])
    for key, user in (("assignment", expert), ("other_assignment", other_expert)):
        assignment = judging.assign(editor, nomination, user)
        marker = world.mark(f"expert comment {key}", {"expert"} if user == expert else set())
        judging.score(
            user,
            assignment.pk,
            {"organization": 20, "mobilization": 20, "linkage": 20, "reach": 20},
            comment=f"评审意见 {marker}",
        )
        world.objects[key] = assignment
    world.objects.update(category=category, nomination=nomination)


def _build_tokens(world):
    for role in (*ROLES, "submitter_c"):
        marker = world.mark(f"API token of {role}", {role})
        _token, plaintext = APIToken.create_token(user=world.users[role], name=f"前端 {marker}")
        world.tokens[role] = plaintext


def xlsx_text(content):
    """The text of every sheet of an XLSX answer, so a marker in a cell is found like one in HTML."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist() if name.endswith(".xml")
        )
