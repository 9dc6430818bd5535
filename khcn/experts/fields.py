"""The S&T fields: the six groups of the national classification and their fields of the second
level (Decision 12/2008/QĐ-BKHCN on the classification of S&T fields). Experts, technologies and
demands name one group and any number of second-level fields; the matching counts shared ones.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khcn.research.models import ScienceField

StrOrPromise = str | Promise

# code → (group, name); the code's first digit is the group's place in ScienceField.
SUBFIELDS: dict[str, tuple[str, StrOrPromise]] = {
    "101": (ScienceField.NATURAL, _("Mathematics and statistics")),
    "102": (ScienceField.NATURAL, _("Computer and information sciences")),
    "103": (ScienceField.NATURAL, _("Physics")),
    "104": (ScienceField.NATURAL, _("Chemistry")),
    "105": (ScienceField.NATURAL, _("Earth and related environmental sciences")),
    "106": (ScienceField.NATURAL, _("Biology")),
    "199": (ScienceField.NATURAL, _("Other natural sciences")),
    "201": (ScienceField.ENGINEERING, _("Civil engineering")),
    "202": (ScienceField.ENGINEERING, _("Electrical, electronic and information engineering")),
    "203": (ScienceField.ENGINEERING, _("Mechanical engineering")),
    "204": (ScienceField.ENGINEERING, _("Chemical engineering")),
    "205": (ScienceField.ENGINEERING, _("Materials engineering and metallurgy")),
    "206": (ScienceField.ENGINEERING, _("Medical engineering")),
    "207": (ScienceField.ENGINEERING, _("Environmental engineering")),
    "208": (ScienceField.ENGINEERING, _("Environmental biotechnology")),
    "209": (ScienceField.ENGINEERING, _("Industrial biotechnology")),
    "210": (ScienceField.ENGINEERING, _("Nanotechnology")),
    "211": (ScienceField.ENGINEERING, _("Food and beverage engineering")),
    "299": (ScienceField.ENGINEERING, _("Other engineering and technologies")),
    "301": (ScienceField.MEDICAL, _("Basic medicine")),
    "302": (ScienceField.MEDICAL, _("Clinical medicine")),
    "303": (ScienceField.MEDICAL, _("Health sciences")),
    "304": (ScienceField.MEDICAL, _("Pharmacy")),
    "305": (ScienceField.MEDICAL, _("Medical biotechnology")),
    "399": (ScienceField.MEDICAL, _("Other medical sciences")),
    "401": (ScienceField.AGRICULTURAL, _("Crop production")),
    "402": (ScienceField.AGRICULTURAL, _("Animal husbandry")),
    "403": (ScienceField.AGRICULTURAL, _("Veterinary science")),
    "404": (ScienceField.AGRICULTURAL, _("Forestry")),
    "405": (ScienceField.AGRICULTURAL, _("Fisheries")),
    "406": (ScienceField.AGRICULTURAL, _("Agricultural biotechnology")),
    "499": (ScienceField.AGRICULTURAL, _("Other agricultural sciences")),
    "501": (ScienceField.SOCIAL, _("Psychology")),
    "502": (ScienceField.SOCIAL, _("Economics and business")),
    "503": (ScienceField.SOCIAL, _("Educational sciences")),
    "504": (ScienceField.SOCIAL, _("Sociology")),
    "505": (ScienceField.SOCIAL, _("Law")),
    "506": (ScienceField.SOCIAL, _("Political science")),
    "507": (ScienceField.SOCIAL, _("Social and economic geography")),
    "508": (ScienceField.SOCIAL, _("Media and communications")),
    "599": (ScienceField.SOCIAL, _("Other social sciences")),
    "601": (ScienceField.HUMANITIES, _("History and archaeology")),
    "602": (ScienceField.HUMANITIES, _("Languages and literature")),
    "603": (ScienceField.HUMANITIES, _("Philosophy, ethics and religion")),
    "604": (ScienceField.HUMANITIES, _("Arts")),
    "699": (ScienceField.HUMANITIES, _("Other humanities")),
}

SUBFIELD_CHOICES = [(code, f"{code} {name}") for code, (_group, name) in SUBFIELDS.items()]


def subfield_label(code: str) -> str:
    group_name = SUBFIELDS.get(code)
    return f"{code} {group_name[1]}" if group_name else code
