"""An expert's own score sheet: saved as they go, submitted once every item is scored.

The percentage is entered in the sheet's steps (5 % for GB/T 19580 after GB/Z 19579); the points are
computed as item maximum × percentage / 100. An expert sees no one else's sheet before submitting their
own (reviews.domain.consensus enforces this on the comparison page).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.workflow import staff_label
from core.errors import InvalidInput, TransitionConflict, TransitionDenied
from core.i18n import join_list

from ..models import Assignment, ItemScore, ScoreSheet
from . import schemes
from .schemes import Scheme

TEXT_LIMIT = 4000


@dataclass(frozen=True)
class Entry:
    """What the expert typed for one item; percent None = not scored yet."""

    percent: int | None = None
    strengths: str = ""
    opportunities: str = ""


def scheme_for(assignment: Assignment) -> Scheme:
    application = assignment.application
    return schemes.sheet_for(application.rules, application.award_kind, assignment.panel.stage)


def sheet_for(assignment: Assignment) -> ScoreSheet:
    """The expert's sheet, created on first use (no query when the assignment was loaded with its sheet)."""
    try:
        sheet = assignment.sheet
    except ScoreSheet.DoesNotExist:
        sheet, _created = ScoreSheet.objects.get_or_create(
            assignment=assignment, defaults={"scheme": scheme_for(assignment).key}
        )
    sheet.assignment = assignment
    return sheet


def parse_percent(raw, scheme: Scheme, label: str) -> int | None:
    """'' → None; otherwise an integer 0–100 in the sheet's steps, or a Chinese error."""
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = int(str(raw).strip().rstrip("%"))
    except ValueError:
        raise InvalidInput(_("%(item)s：得分百分比须为整数。") % {"item": label}) from None
    if not 0 <= value <= 100 or value % scheme.percent_step:
        raise InvalidInput(_("%(item)s：得分百分比须在0至100之间，且为%(step)s的整数倍。")
                           % {"item": label, "step": scheme.percent_step})
    return value


def _check_writable(sheet: ScoreSheet, user) -> None:
    """The expert's own active task at its stage (whether the sheet is still open is asked in the transaction)."""
    assignment = sheet.assignment
    if user.pk != assignment.expert.user_id or assignment.state != Assignment.State.ACTIVE:
        raise TransitionDenied(_("您无权填写该评分表。"))
    application = assignment.application
    if application.status != assignment.panel.stage:
        raise InvalidInput(_("该申报当前处于“%(now)s”，不在“%(stage)s”环节，不能评分。") % {
            "now": staff_label(application.status, application.rules),
            "stage": staff_label(assignment.panel.stage, application.rules)})


ITEM_FIELDS = {"pct": "percent", "str": "strengths", "opp": "opportunities"}  # form prefix → column
OPINION = "opinion"


@dataclass(frozen=True)
class Change:
    """One field as the page sends it: the new value and, if the page says so, the value it loaded (its base).
    A base that is no longer the stored value means someone else saved in between: the save lost the race."""

    value: str
    base: str | None = None


@dataclass(frozen=True)
class Saved:
    """What a save leaves stored: the fields it carried (as stored), all item rows, and when."""

    values: dict[str, str]
    items: list[ItemScore]
    saved_at: object


class SheetConflict(TransitionConflict):
    """The save changed nothing: the sheet was submitted meanwhile, or a field was saved elsewhere since the
    page loaded it. `stored` holds the stored text of the fields concerned, for the page to show."""

    def __init__(self, message: str, stored: dict[str, str], *, submitted: bool = False):
        super().__init__(message)
        self.stored = stored
        self.submitted = submitted


def field_name(prefix: str, code: str) -> str:
    return f"{prefix}-{code}"


def _split(name: str) -> tuple[str | None, str]:
    """'str-4.1.1' → ('str', '4.1.1'); 'opinion' → (None, 'opinion')."""
    if name == OPINION:
        return None, OPINION
    prefix, _sep, code = name.partition("-")
    return (prefix, code) if prefix in ITEM_FIELDS and code else (None, name)


def _text(value) -> str:
    return str(value if value is not None else "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _stored(row: ItemScore | None, prefix: str) -> str:
    if row is None:
        return ""
    value = getattr(row, ITEM_FIELDS[prefix])
    return "" if value is None else _text(value)


def _validate(scheme: Scheme, changes: dict[str, Change]) -> dict[str, object]:
    """The new value of every field, checked (bad input raises before anything is written)."""
    clean: dict[str, object] = {}
    for name, change in changes.items():
        prefix, code = _split(name)
        if prefix is None:
            if code != OPINION:
                raise InvalidInput(_("评分表中没有条款“%(code)s”。") % {"code": code})
            if len(change.value or "") > TEXT_LIMIT * 2:
                raise InvalidInput(_("总体意见过长。"))
            clean[name] = _text(change.value)
            continue
        item = scheme.item(code)
        if item is None:
            raise InvalidInput(_("评分表中没有条款“%(code)s”。") % {"code": code})
        if prefix == "pct":
            clean[name] = parse_percent(change.value, scheme, f"{item.code} {item.name}")
        else:
            if len(change.value or "") > TEXT_LIMIT:
                raise InvalidInput(_("%(code)s：文字过长（不超过%(n)s字）。") % {"code": code, "n": TEXT_LIMIT})
            clean[name] = _text(change.value)
    return clean


def _as_text(value) -> str:
    return "" if value is None else str(value)


def save_fields(sheet: ScoreSheet, user, changes: dict[str, Change]) -> Saved:
    """Write only the fields named in `changes` ('pct-<code>', 'str-<code>', 'opp-<code>', 'opinion').

    A submitted sheet is never written; a field whose stored value is neither its base nor the new value is a
    lost race. Either raises SheetConflict and changes nothing.

    The fields of one item, or the opinion alone (what the autosave sends), are first tried as one conditional
    statement (_save_in_one_statement: it writes only if the sheet is open and every base still holds, and
    locks the sheet row meanwhile); then the item rows are read for the answer: 2 queries, no transaction.
    Anything else, or when that statement wrote nothing (submitted, a lost race, …), goes the careful way:
    one transaction with a conditional UPDATE of the sheet (not submitted; it also locks the row, so a submit
    or another tab's save waits), then the item rows, then one write per changed item (and the opinion), which
    decides and says why."""
    _check_writable(sheet, user)
    scheme = schemes.load(sheet.scheme)
    clean = _validate(scheme, changes)
    codes = {code for name in clean for prefix, code in [_split(name)] if prefix}
    now = timezone.now()
    values = {name: _as_text(value) for name, value in clean.items()}
    if _save_in_one_statement(sheet, scheme, changes, clean, now):
        if OPINION in clean:
            sheet.opinion, sheet.updated_at = clean[OPINION], now
        return Saved(values=values, items=list(ItemScore.objects.filter(sheet_id=sheet.pk)), saved_at=now)
    with transaction.atomic():
        open_ = ScoreSheet.objects.filter(pk=sheet.pk, submitted_at__isnull=True).update(updated_at=now)
        if not open_:
            raise SheetConflict(_submitted_message(), _stored_values(sheet, clean), submitted=True)
        rows = {r.item_code: r for r in sheet.items.all()} if codes else {}
        opinion = ScoreSheet.objects.values_list("opinion", flat=True).get(pk=sheet.pk) if OPINION in clean else ""
        stored = {name: (_text(opinion) if prefix is None else _stored(rows.get(code), prefix))
                  for name in clean for prefix, code in [_split(name)]}
        lost = {name: stored[name] for name, change in changes.items()
                if change.base is not None and stored[name] != _text(change.base)
                and stored[name] != _as_text(clean[name])}
        if lost:
            raise SheetConflict(_lost_message(scheme, lost), lost)
        for code in sorted(codes):
            cols = {ITEM_FIELDS[prefix]: clean[name] for name in clean for prefix, c in [_split(name)]
                    if prefix and c == code and stored[name] != _as_text(clean[name])}
            if "percent" in cols:
                cols["points"] = _points_of(scheme, code, cols["percent"])
            row = rows.get(code)
            if cols:
                cols["updated_at"] = now
            if row is None and cols:
                row = ItemScore.objects.create(sheet=sheet, item_code=code, **cols)
                rows[code] = row
            elif cols:
                ItemScore.objects.filter(pk=row.pk).update(**cols)
                for column, value in cols.items():
                    setattr(row, column, value)
        if OPINION in clean and stored[OPINION] != clean[OPINION]:
            ScoreSheet.objects.filter(pk=sheet.pk).update(opinion=clean[OPINION])
    if OPINION in clean:
        sheet.opinion = clean[OPINION]
    sheet.updated_at = now
    return Saved(values=values, items=list(rows.values()), saved_at=now)


def _points_of(scheme: Scheme, code: str, percent) -> Decimal | None:
    return None if percent is None else scheme.points_for(code, percent)


def _save_in_one_statement(sheet: ScoreSheet, scheme: Scheme, changes: dict[str, Change], clean: dict,
                           now) -> bool:
    """The save of one item's fields, or of the opinion alone, as one statement that writes only what the careful
    way (the transaction of save_fields) would write and only when it would: the sheet still open, and every
    field with a base still holding its base or already the new value. True if it wrote; False if it wrote
    nothing (or the save is not of that shape): the careful way then decides, and says why.

    Stored texts are compared as stored (every writer stores them normalised: _validate). The item statement
    reads the sheet row FOR UPDATE where the database has row locks (PostgreSQL), so a submit, or another tab's
    save of the same sheet, waits for it and sees it, and it sees theirs: a submitted sheet is never written.
    SQLite writes one statement at a time. The item row is inserted on its first save (ON CONFLICT: if another
    tab inserted it meanwhile, the conditions are asked of that row)."""
    names = list(clean)
    if names == [OPINION]:
        return _save_opinion(sheet, changes[OPINION], clean[OPINION], now)
    split = [_split(name) for name in names]
    codes = {code for prefix, code in split}
    if any(prefix is None for prefix, _code in split) or len(codes) != 1:
        return False
    code = codes.pop()
    cols = {ITEM_FIELDS[prefix]: clean[field_name(prefix, code)] for prefix, _code in split}
    # (column, base text, new text) of each field that carries a base: the race check
    checks = [(ITEM_FIELDS[prefix], _text(changes[field_name(prefix, code)].base),
               _as_text(clean[field_name(prefix, code)]))
              for prefix, _code in split if changes[field_name(prefix, code)].base is not None]
    # With no row, every stored text is "": the careful way would insert a row only if some field gets a value,
    # and refuses a base other than "" unless the field is blanked anyway.
    insertable = (any(v not in (None, "") for v in cols.values())
                  and all(base == "" or new == "" for _column, base, new in checks))
    return _write_item(sheet, scheme, code, cols, checks, now, insertable=insertable)


def _save_opinion(sheet: ScoreSheet, change: Change, opinion: str, now) -> bool:
    """The opinion alone: one conditional UPDATE of the sheet row (which locks it)."""
    rows = ScoreSheet.objects.filter(pk=sheet.pk, submitted_at__isnull=True)
    if change.base is not None:
        rows = rows.filter(Q(opinion=_text(change.base)) | Q(opinion=opinion))
    return rows.update(opinion=opinion, updated_at=now) == 1


def _matches(name: str, text: str, column: dict[str, str]) -> tuple[str, list]:
    """SQL (and its parameters) for "the stored field `name`, as _stored() reads it, is `text`" (percent: '' is
    NULL, else its decimal digits)."""
    if name != "percent":
        return f"t.{column[name]} = %s", [text]
    if text == "":
        return f"t.{column[name]} IS NULL", []
    if text.isascii() and text.isdigit() and str(int(text)) == text and int(text) <= 100:
        return f"t.{column[name]} = %s", [int(text)]
    return "1 = 0", []  # no stored percentage reads as this text


def _write_item(sheet: ScoreSheet, scheme: Scheme, code: str, cols: dict, checks: list, now, *,
                insertable: bool) -> bool:
    """One statement: INSERT … SELECT from the open (locked) sheet ON CONFLICT DO UPDATE … WHERE the checks hold,
    or, when no row may be inserted, UPDATE … WHERE the checks hold and the sheet is open (locked)."""
    ops, quote = connection.ops, connection.ops.quote_name
    column = {f.name: quote(f.column) for f in ItemScore._meta.concrete_fields}
    own = ScoreSheet._meta
    sheet_id = f"s.{quote(own.pk.column)}"
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    open_sheet = (f"FROM {quote(own.db_table)} s WHERE {sheet_id} = %s"
                  f" AND s.{quote(own.get_field('submitted_at').column)} IS NULL{lock}")
    row = dict(cols, updated_at=ops.adapt_datetimefield_value(now))
    sets, set_params = [f"{column[name]} = %s" for name in row], list(row.values())
    if "percent" in cols:  # the points follow a changed percentage only (as the careful way writes them)
        field = ItemScore._meta.get_field("points")
        row["points"] = ops.adapt_decimalfield_value(_points_of(scheme, code, cols["percent"]), field.max_digits,
                                                     field.decimal_places)
        same, same_params = _matches("percent", _as_text(cols["percent"]), column)
        sets.append(f"{column['points']} = CASE WHEN {same} THEN t.{column['points']} ELSE %s END")
        set_params += [*same_params, row["points"]]
    where, where_params = [], []
    for name, base, new in checks:
        either = [_matches(name, base, column), _matches(name, new, column)]
        where.append("(" + " OR ".join(sql for sql, _params in either) + ")")
        where_params += [p for _sql, params in either for p in params]
    table = quote(ItemScore._meta.db_table)
    if insertable:
        row = {"percent": None, "points": None, "strengths": "", "opportunities": "", **row}
        sql = (f"INSERT INTO {table} AS t ({column['sheet']}, {column['item_code']}, "
               f"{', '.join(column[n] for n in row)}) SELECT {sheet_id}, %s, {', '.join('%s' for _n in row)} "
               f"{open_sheet} ON CONFLICT ({column['sheet']}, {column['item_code']}) DO UPDATE SET {', '.join(sets)}"
               + (f" WHERE {' AND '.join(where)}" if where else ""))
        params = [code, *row.values(), sheet.pk, *set_params, *where_params]
    else:
        sql = (f"UPDATE {table} AS t SET {', '.join(sets)} WHERE t.{column['sheet']} IN (SELECT {sheet_id} "
               f"{open_sheet}) AND t.{column['item_code']} = %s" + "".join(f" AND {w}" for w in where))
        params = [*set_params, sheet.pk, code, *where_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def _submitted_message() -> str:
    return _("评分表已提交，不能再修改；页面已显示提交时保存的内容。")


def _lost_message(scheme: Scheme, lost: dict[str, str]) -> str:
    names = []
    for name in lost:
        prefix, code = _split(name)
        item = scheme.item(code) if prefix else None
        label = {"pct": _("得分百分比"), "str": _("优势"), "opp": _("改进机会")}.get(prefix, "")
        names.append(f"{item.code} {item.name} {label}" if item else _("总体意见"))
    return (_("以下内容已在其他窗口或设备上修改，本次输入未保存，页面已显示保存的内容：%(fields)s。")
            % {"fields": join_list(names)})


def _stored_values(sheet: ScoreSheet, names) -> dict[str, str]:
    """The stored text of these fields (after a refusal: the page shows what is kept)."""
    codes = {code for name in names for prefix, code in [_split(name)] if prefix}
    rows = {r.item_code: r for r in ItemScore.objects.filter(sheet_id=sheet.pk, item_code__in=codes)} if codes else {}
    out = {}
    for name in names:
        prefix, code = _split(name)
        if prefix is None:
            out[name] = _text(ScoreSheet.objects.values_list("opinion", flat=True).get(pk=sheet.pk))
        else:
            out[name] = _stored(rows.get(code), prefix)
    return out


def save(sheet: ScoreSheet, user, entries: dict[str, Entry], *, opinion: str | None = None) -> ScoreSheet:
    """Save whole items (each entry's three fields) and, if given, the opinion, without race checks (the
    builders and the domain's callers; the pages use save_fields with the values they loaded)."""
    changes = {}
    for code, entry in entries.items():
        changes[field_name("pct", code)] = Change("" if entry.percent is None else str(entry.percent))
        changes[field_name("str", code)] = Change(entry.strengths)
        changes[field_name("opp", code)] = Change(entry.opportunities)
    if opinion is not None:
        changes[OPINION] = Change(opinion)
    save_fields(sheet, user, changes)
    return sheet


def missing_items(sheet: ScoreSheet, scheme: Scheme | None = None) -> list[str]:
    scheme = scheme or schemes.load(sheet.scheme)
    scored = set(sheet.items.filter(percent__isnull=False).values_list("item_code", flat=True))
    return [f"{i.code} {i.name}" for i in scheme.items if i.code not in scored]


def submit(sheet: ScoreSheet, user) -> ScoreSheet:
    """Submit the sheet; every item must be scored (an opinion-only sheet needs its opinion)."""
    _check_writable(sheet, user)
    scheme = schemes.load(sheet.scheme)
    with transaction.atomic():
        locked = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)  # a save in another tab waits
        if locked.submitted:
            raise InvalidInput(_("评分表已提交。"))
        _check_complete(locked, scheme)
        ScoreSheet.objects.filter(pk=sheet.pk).update(submitted_at=timezone.now())
    sheet.refresh_from_db()
    return sheet


def _check_complete(sheet: ScoreSheet, scheme: Scheme) -> None:
    if scheme.report_only:
        if not sheet.opinion.strip():
            raise InvalidInput(_("请填写考察意见后再提交。"))
    else:
        missing = missing_items(sheet, scheme)
        if missing:
            raise InvalidInput(_("以下%(n)s个条款尚未评分，请评分后再提交：%(items)s。")
                               % {"n": len(missing), "items": join_list(missing)})


def total(items) -> Decimal:
    return sum((i.points for i in items if i.points is not None), Decimal("0.00"))
