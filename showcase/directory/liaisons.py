"""Importing the liaison form (附件2 活动联络员信息表) into liaisons and their accounts.

One service for the admin upload view and the ``showcase_import_liaisons``
command: :func:`plan_import` reads the sheet and says, row by row, what would be
created or what is wrong, without touching the database; :func:`apply_import`
carries out a plan with no bad rows in one transaction, so a sheet is imported
whole or not at all. The sheets are filled in by hand across many bodies, so
reading is forgiving about layout (title rows above the header, full-width
characters, numbers typed as numbers) and strict about content.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from showcase.directory import invitations
from showcase.models import Jurisdiction, Liaison, Unit, UnitMember
from showcase.permissions.grants import set_up_jurisdiction
from showcase.sheets import SheetError, clean_cell, find_header, first_sheet_rows

# How far down to look for the header: the seed form has a title and a
# "填报单位（盖章）" line above it, some copies have a few more.
HEADER_SEARCH_ROWS = 30
MAX_DATA_ROWS = 2000

# Header cell (after normalizing) -> column key. The seed's own headers come first.
HEADER_ALIASES = {
    "序号": "number",
    "姓名": "name",
    "联络员姓名": "name",
    "单位名称": "unit",
    "单位": "unit",
    "所在单位": "unit",
    "工作单位": "unit",
    "职务/职称": "title",
    "职务、职称": "title",
    "职务职称": "title",
    "职务": "title",
    "职称": "title",
    "手机号": "mobile",
    "手机号码": "mobile",
    "手机": "mobile",
    "邮箱": "email",
    "电子邮箱": "email",
    "邮箱地址": "email",
    "电子邮件": "email",
    "角色": "role",
    "身份": "role",
    "审核角色": "role",
}
REQUIRED_COLUMNS = {"name": "姓名", "unit": "单位名称", "mobile": "手机号", "email": "邮箱"}
# Rows from here on are the form's notes, not liaisons.
NOTES_MARKERS = ("备注", "注：", "注:", "填表说明")

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
MOBILE_PREFIX_RE = re.compile(r"^(?:\+86|0086|86)(?=1\d{10}$)")
CJK_NAME_RE = re.compile(r"^[\u3400-\u9fff·•\s]+$")

NAME_MAX = Liaison._meta.get_field("name").max_length
TITLE_MAX = Liaison._meta.get_field("title").max_length

MODERATORS = "moderators"
SUBMITTERS = "submitters"
ROLE_LABELS = {
    MODERATORS: gettext_lazy("jurisdiction moderator"),
    SUBMITTERS: gettext_lazy("unit submitter"),
}
# What the sheet's optional role column (角色) may say, after folding and lower-casing.
ROLE_WORDS = {
    "审核员": MODERATORS,
    "审核": MODERATORS,
    "管理员": MODERATORS,
    "moderator": MODERATORS,
    "填报": SUBMITTERS,
    "填报人": SUBMITTERS,
    "填报单位": SUBMITTERS,
    "联络员": SUBMITTERS,
    "submitter": SUBMITTERS,
}


class LiaisonImportError(SheetError):
    """The whole sheet (not one row) cannot be imported; the message says what to do."""


@dataclass
class PlannedRow:
    """One data row of the sheet: what was read, and either what it becomes or what is wrong with it."""

    number: int
    name: str
    unit_name: str
    title: str
    mobile: str
    email: str
    role_claim: str = ""
    unit: Unit | None = None
    role: str = ""
    username: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def role_label(self):
        return ROLE_LABELS.get(self.role, "")

    @property
    def masked_mobile(self):
        """Enough to recognise the number in a report without spelling it out."""
        if len(self.mobile) == 11:
            return f"{self.mobile[:3]}****{self.mobile[-4:]}"
        return self.mobile

    def key(self):
        return [
            self.number,
            self.name,
            self.unit.pk if self.unit else None,
            self.title,
            self.mobile,
            self.email,
            self.role,
            self.username,
            self.errors,
        ]


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    jurisdiction: Jurisdiction | None = None

    @property
    def is_valid(self):
        return bool(self.rows) and all(row.is_valid for row in self.rows)

    @property
    def bad_rows(self):
        return [row for row in self.rows if not row.is_valid]

    @property
    def errors(self):
        return [error for row in self.rows for error in row.errors]

    @property
    def jurisdictions_without_office(self):
        """Jurisdictions of the sheet whose administering office is not recorded: none of their liaisons
        becomes a moderator, which the dry run says so that nobody expects otherwise."""
        jurisdictions = {row.unit.jurisdiction for row in self.rows if row.unit is not None}
        return sorted((j for j in jurisdictions if j.administering_office_id is None), key=lambda j: j.name)

    def fingerprint(self):
        """A digest of everything the report showed, to check that a confirmation imports exactly that."""
        payload = json.dumps(
            [self.jurisdiction.pk if self.jurisdiction else None, [row.key() for row in self.rows]],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


def _clean_name(value):
    """Chinese names are often padded for alignment (张  三); the padding is not part of the name."""
    text = clean_cell(value)
    if CJK_NAME_RE.match(text):
        return text.replace(" ", "")
    return text


def _clean_mobile(value):
    text = re.sub(r"[\s\-()]", "", clean_cell(value, fold=True))
    return MOBILE_PREFIX_RE.sub("", text)


def _open_sheet_rows(file):
    try:
        return first_sheet_rows(file, _("The file is empty. Upload the filled-in liaison form as an .xlsx file."))
    except SheetError as error:
        raise LiaisonImportError(str(error)) from error


def _find_header(rows):
    """(index of the header row, {column key: column index}) or a LiaisonImportError."""
    found = find_header(
        rows,
        HEADER_ALIASES,
        lambda columns: "name" in columns and ("mobile" in columns or "email" in columns),
        HEADER_SEARCH_ROWS,
    )
    if found is None:
        raise LiaisonImportError(
            _(
                "No header row was found in the first %(count)s rows of the first sheet. The sheet needs a row "
                "with the liaison form's headers: 序号, 姓名, 单位名称, 职务/职称, 手机号, 邮箱."
            )
            % {"count": HEADER_SEARCH_ROWS}
        )
    index, columns = found
    missing = [label for key, label in REQUIRED_COLUMNS.items() if key not in columns]
    if missing:
        raise LiaisonImportError(
            _(
                "The header on row %(row)s lacks the column(s) %(columns)s. Use the liaison form's "
                "header: 序号, 姓名, 单位名称, 职务/职称, 手机号, 邮箱."
            )
            % {"row": index + 1, "columns": "、".join(f"“{label}”" for label in missing)}
        )
    return index, columns


def _read_rows(rows):
    header_index, columns = _find_header(rows)

    def cell(row, key):
        position = columns.get(key)
        return row[position] if position is not None and position < len(row) else None

    planned = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        first = next((clean_cell(value) for value in row if clean_cell(value)), "")
        if first.startswith(NOTES_MARKERS):
            break
        values = {
            "name": _clean_name(cell(row, "name")),
            "unit_name": clean_cell(cell(row, "unit")),
            "title": clean_cell(cell(row, "title")),
            "mobile": _clean_mobile(cell(row, "mobile")),
            "email": clean_cell(cell(row, "email"), fold=True).replace(" ", "").lower(),
            "role_claim": clean_cell(cell(row, "role"), fold=True).replace(" ", "").lower(),
        }
        if not any(values.values()):
            continue
        planned.append(PlannedRow(number=index + 1, **values))
        if len(planned) > MAX_DATA_ROWS:
            raise LiaisonImportError(
                _("The sheet has more than %(count)s liaison rows. Split it into smaller sheets.")
                % {"count": MAX_DATA_ROWS}
            )
    if not planned:
        raise LiaisonImportError(
            _("The sheet has a header on row %(row)s but no liaison rows below it. Fill in at least one liaison.")
            % {"row": header_index + 1}
        )
    return planned


def _check_fields(row):
    errors = []
    if not row.name:
        errors.append(_("Row %(row)s: the name is missing; fill in the liaison's name.") % {"row": row.number})
    elif len(row.name) > NAME_MAX:
        errors.append(
            _("Row %(row)s: the name “%(value)s” is longer than %(max)s characters; shorten it.")
            % {"row": row.number, "value": row.name, "max": NAME_MAX}
        )
    if len(row.title) > TITLE_MAX:
        errors.append(
            _("Row %(row)s: the position or title is longer than %(max)s characters; shorten it.")
            % {"row": row.number, "max": TITLE_MAX}
        )
    if not row.mobile:
        errors.append(
            _("Row %(row)s: the mobile number is missing; enter the liaison's 11-digit mainland mobile number.")
            % {"row": row.number}
        )
    elif not MOBILE_RE.match(row.mobile):
        errors.append(
            _(
                "Row %(row)s: mobile number “%(value)s” is not valid; it should be an 11-digit mainland "
                "mobile number such as 13800138000."
            )
            % {"row": row.number, "value": row.mobile}
        )
    if not row.email:
        errors.append(
            _("Row %(row)s: the email address is missing; enter the liaison's email address.") % {"row": row.number}
        )
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            errors.append(
                _(
                    "Row %(row)s: email address “%(value)s” is not valid; it should look like name@example.cn "
                    "with no spaces or Chinese punctuation."
                )
                % {"row": row.number, "value": row.email}
            )
    return errors


def _unit_index(jurisdiction):
    """Units by their folded name, so 水利部海河水利委员会(海委) typed half-width still finds （海委）."""
    units = Unit.objects.select_related("jurisdiction__administering_office")
    if jurisdiction is not None:
        units = units.filter(jurisdiction=jurisdiction)
    index = {}
    for unit in units:
        index.setdefault(clean_cell(unit.name, fold=True), []).append(unit)
    return index


def _resolve_unit(row, jurisdiction, unit_index):
    if not row.unit_name:
        return None, [
            _("Row %(row)s: the unit name is missing; fill in the unit's full name as registered in the directory.")
            % {"row": row.number}
        ]
    candidates = unit_index.get(clean_cell(row.unit_name, fold=True), [])
    units = [unit for unit in candidates if unit.name == row.unit_name] or candidates
    if len(units) == 1:
        return units[0], []
    if len(units) > 1:
        return None, [
            _(
                "Row %(row)s: unit “%(value)s” exists in several jurisdictions (%(jurisdictions)s); "
                "import the sheet for one jurisdiction at a time."
            )
            % {
                "row": row.number,
                "value": row.unit_name,
                "jurisdictions": "、".join(str(u.jurisdiction) for u in units),
            }
        ]
    if jurisdiction is not None:
        message = _(
            "Row %(row)s: unit “%(value)s” is not in the directory of %(jurisdiction)s; use the unit's exact "
            "registered name, or ask the organizers to add the unit first."
        )
    else:
        message = _(
            "Row %(row)s: unit “%(value)s” is not in the directory; use the unit's exact registered name, "
            "or ask the organizers to add the unit first."
        )
    return None, [message % {"row": row.number, "value": row.unit_name, "jurisdiction": jurisdiction}]


def _repeats(rows, attribute):
    """{normalized value: [row numbers]} for values that occur on more than one row of the sheet."""
    seen = {}
    for row in rows:
        value = getattr(row, attribute).lower()
        if value:
            seen.setdefault(value, []).append(row.number)
    return {value: numbers for value, numbers in seen.items() if len(numbers) > 1}


def _check_duplicates(rows):
    User = get_user_model()
    mobiles = {row.mobile for row in rows if row.mobile}
    emails = {row.email.lower() for row in rows if row.email}
    liaisons = Liaison.objects.select_related("unit").annotate(email_lower=Lower("email"))
    by_mobile = {liaison.mobile: liaison for liaison in liaisons.filter(mobile__in=mobiles)}
    by_email = {liaison.email_lower: liaison for liaison in liaisons.filter(email_lower__in=emails)}
    accounts = set(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email_lower", flat=True)
    )
    repeated_mobiles = _repeats(rows, "mobile")
    repeated_emails = _repeats(rows, "email")

    for row in rows:
        email = row.email.lower()
        if row.mobile in repeated_mobiles:
            row.errors.append(
                _(
                    "Row %(row)s: mobile number “%(value)s” appears more than once in this sheet "
                    "(rows %(rows)s); list each liaison once with their own number."
                )
                % {"row": row.number, "value": row.mobile, "rows": "、".join(map(str, repeated_mobiles[row.mobile]))}
            )
        elif row.mobile in by_mobile:
            row.errors.append(
                _(
                    "Row %(row)s: mobile number “%(value)s” already belongs to liaison %(liaison)s; "
                    "remove the row or correct the number."
                )
                % {"row": row.number, "value": row.mobile, "liaison": by_mobile[row.mobile]}
            )
        if email in repeated_emails:
            row.errors.append(
                _(
                    "Row %(row)s: email address “%(value)s” appears more than once in this sheet "
                    "(rows %(rows)s); each liaison needs their own address."
                )
                % {"row": row.number, "value": row.email, "rows": "、".join(map(str, repeated_emails[email]))}
            )
        elif email in by_email:
            row.errors.append(
                _(
                    "Row %(row)s: email address “%(value)s” already belongs to liaison %(liaison)s; "
                    "remove the row or correct the address."
                )
                % {"row": row.number, "value": row.email, "liaison": by_email[email]}
            )
        elif email and email in accounts:
            row.errors.append(
                _(
                    "Row %(row)s: email address “%(value)s” is already used by an existing account; use another "
                    "address, or ask an administrator to make that account the liaison."
                )
                % {"row": row.number, "value": row.email}
            )


def _username_for(email, taken):
    """The email itself is the login name people remember; fall back to a slug when it is taken or too long."""
    User = get_user_model()
    max_length = User._meta.get_field(User.USERNAME_FIELD).max_length
    email = email.lower()
    candidates = [email] if len(email) <= max_length else []
    base = slugify(email.split("@")[0])[: max_length - 10] or "liaison"
    candidates += [f"{base}-{n}" for n in range(2, 1000)]
    for candidate in candidates:
        if candidate in taken:
            continue
        if not User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": candidate}).exists():
            taken.add(candidate)
            return candidate
    raise LiaisonImportError(_("No free login name could be made from %(email)s.") % {"email": email})


def _role_of(row):
    """(role, errors): a moderator only where the directory says the unit administers its jurisdiction.

    The sheet's optional role column may confirm the role; when it claims
    another, the row is refused rather than either side guessed.
    """
    office_id = row.unit.jurisdiction.administering_office_id
    role = MODERATORS if row.unit.pk == office_id else SUBMITTERS
    if not row.role_claim:
        return role, []
    claimed = ROLE_WORDS.get(row.role_claim)
    if claimed is None:
        return "", [
            _("Row %(row)s: the role “%(value)s” is not one of 审核员 (moderator) or 填报 (submitter); correct it.")
            % {"row": row.number, "value": row.role_claim}
        ]
    if claimed == role:
        return role, []
    if claimed == MODERATORS and office_id is None:
        message = _(
            "Row %(row)s: the sheet makes this liaison a moderator, but %(jurisdiction)s has no administering "
            "office in the directory. Ask the organizers to set it under Directory → Jurisdictions, or change "
            "the role to 填报."
        )
    elif claimed == MODERATORS:
        message = _(
            "Row %(row)s: only liaisons of %(jurisdiction)s's administering office (%(office)s) moderate it; "
            "%(unit)s files as a submitter. Change the role to 填报, or ask the organizers to change the office."
        )
    else:
        message = _(
            "Row %(row)s: %(unit)s is %(jurisdiction)s's administering office, so its liaisons moderate the "
            "jurisdiction; the sheet says 填报. Change the role to 审核员, or list this person under another unit."
        )
    return "", [
        message
        % {
            "row": row.number,
            "jurisdiction": row.unit.jurisdiction,
            "office": row.unit.jurisdiction.administering_office,
            "unit": row.unit,
        }
    ]


def _check(rows, jurisdiction):
    """Fill in each row's unit, role, login name and errors from the current state of the database."""
    unit_index = _unit_index(jurisdiction)
    for row in rows:
        row.errors = _check_fields(row)
        row.unit, unit_errors = _resolve_unit(row, jurisdiction, unit_index)
        row.errors += unit_errors
        row.role = ""
        if row.unit is not None:
            row.role, role_errors = _role_of(row)
            row.errors += role_errors
        row.username = ""
    _check_duplicates(rows)
    taken = set()
    for row in rows:
        if row.is_valid:
            row.username = _username_for(row.email, taken)
    return rows


def plan_import(file, jurisdiction=None):
    """Read a liaison sheet and report row by row what an import would do. Changes nothing.

    ``file`` is a path, the file's bytes or a file object. With ``jurisdiction``
    only that jurisdiction's units are matched, so a province's sheet cannot
    attach liaisons to another province's units of the same name.
    """
    rows = _read_rows(_open_sheet_rows(file))
    return ImportPlan(rows=_check(rows, jurisdiction), jurisdiction=jurisdiction)


def role_group(unit, role):
    """The jurisdiction group of ``role`` (moderators or submitters) for a liaison of ``unit``."""
    jurisdiction = set_up_jurisdiction(unit.jurisdiction)
    return jurisdiction.moderators if role == MODERATORS else jurisdiction.submitters


def directory_role(unit):
    """The role the directory gives a liaison of ``unit``: moderator of the administering office only."""
    return MODERATORS if unit.jurisdiction.administering_office_id == unit.pk else SUBMITTERS


def sync_liaison_roles(jurisdiction):
    """Give every liaison account of ``jurisdiction`` the role the directory now gives it.

    Run when the administering office changes: the new office's liaisons
    become moderators, and nobody else's liaison account stays one.
    """
    jurisdiction = set_up_jurisdiction(jurisdiction)
    accounts = Liaison.objects.filter(unit__jurisdiction=jurisdiction, user__isnull=False).select_related(
        "user", "unit__jurisdiction"
    )
    for liaison in accounts:
        if directory_role(liaison.unit) == MODERATORS:
            liaison.user.groups.remove(jurisdiction.submitters)
            liaison.user.groups.add(jurisdiction.moderators)
        else:
            liaison.user.groups.remove(jurisdiction.moderators)
            liaison.user.groups.add(jurisdiction.submitters)


def provision_account(liaison, username=None, role=None):
    """Create the liaison's account: no usable password, member of the unit and of its role group.

    The password is never derived from anything on the form; the liaison sets
    it through the invitation link.
    """
    User = get_user_model()
    user = User(
        **{User.USERNAME_FIELD: username or _username_for(liaison.email, set())},
        email=liaison.email,
        first_name=liaison.name[: User._meta.get_field("first_name").max_length],
    )
    user.set_unusable_password()
    user.save()
    UnitMember.objects.create(user=user, unit=liaison.unit)
    user.groups.add(role_group(liaison.unit, role or directory_role(liaison.unit)))
    liaison.user = user
    return user


def apply_import(plan, invited_by):
    """Create every liaison of a clean plan with its account, then invite them, all or nothing.

    The database is checked again inside the transaction: if anything the dry
    run relied on changed since (a unit renamed, the same number imported by
    someone else), nothing is imported and the caller runs a new dry run.
    """
    if not plan.rows:
        raise LiaisonImportError(_("The plan has no liaison rows; nothing was imported."))
    if not plan.is_valid:
        raise LiaisonImportError(
            _("Rows with problems: %(count)s. Fix them and run the dry run again; nothing was imported.")
            % {"count": len(plan.bad_rows)}
        )
    expected = plan.fingerprint()
    created = []
    try:
        with transaction.atomic():
            _check(plan.rows, plan.jurisdiction)
            if plan.fingerprint() != expected:
                raise LiaisonImportError(
                    _(
                        "The directory changed since the dry run (%(errors)s). Run the dry run again; "
                        "nothing was imported."
                    )
                    % {"errors": "; ".join(plan.errors) or _("units or accounts were changed")}
                )
            for row in plan.rows:
                liaison = Liaison(name=row.name, unit=row.unit, title=row.title, mobile=row.mobile, email=row.email)
                liaison.full_clean(exclude=["user"])
                provision_account(liaison, username=row.username, role=row.role)
                liaison.save()
                log(instance=liaison, action="wagtail.create", user=invited_by)
                invitations.send_invitation(liaison)
                created.append(liaison)
    except (IntegrityError, ValidationError) as error:
        raise LiaisonImportError(
            _(
                "Another change to the directory got in the way of the import. "
                "Run the dry run again; nothing was imported."
            )
        ) from error
    return created


def invite(liaison):
    """Send (or send again) a liaison's invitation, creating their account first if they have none."""
    with transaction.atomic():
        if liaison.user_id is None:
            User = get_user_model()
            if User.objects.filter(email__iexact=liaison.email).exists():
                raise invitations.InvitationError(
                    _(
                        "The address %(email)s is already used by another account; correct the liaison's email "
                        "or ask an administrator to link that account."
                    )
                    % {"email": liaison.email}
                )
            provision_account(liaison)
            liaison.save(update_fields=["user"])
        invitations.send_invitation(liaison)
