"""The office's contact details for the public, shown on every 公示 page and on the objection and complaint forms.

A value the office entered in the admin (cities.City.office_*) comes first; otherwise the rule file's
bodies.contact value (set_by_office, or cited where a measure gives it). Blank values are left out.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cities.models import City
from cities.schema import CityRules


def office_contact(city: City, rules: CityRules) -> dict:
    """{"office", "rows": [{"label", "value", "citation"}], "hint"}: the hint when nothing is set."""
    contact = rules.bodies.contact
    fields = [
        (_("联系电话"), city.office_telephone, contact.telephone, False),
        (_("地址"), city.office_address, contact.address, False),
        (_("电子邮箱"), city.office_email, contact.email, True),
    ]
    rows = []
    for label, entered, ruled, is_email in fields:
        if entered.strip():
            value, citation = entered.strip(), _("由评审办公室设定")
        elif ruled.value.strip():
            value, citation = ruled.value.strip(), ruled.citation
        else:
            continue
        rows.append({"label": label, "value": value, "citation": citation, "email": is_email})
    office = rules.bodies.office.value
    hint = "" if rows else _("%(office)s尚未公布联系方式，可通过%(city)s人民政府门户网站或12345政务服务便民热线查询。"
                             ) % {"office": office, "city": city.name}
    return {"office": office, "city": city, "rows": rows, "hint": hint}
