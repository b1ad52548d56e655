import base64
import re
from datetime import date

from odoo import fields, models
from odoo.exceptions import UserError

MONTHS = {
    # French, Dutch, English month names as Statbel writes them
    **dict.fromkeys(("janvier", "januari", "january", "jan"), 1),
    **dict.fromkeys(("fevrier", "février", "februari", "february", "feb", "fév", "fev"), 2),
    **dict.fromkeys(("mars", "maart", "march", "mar", "mrt"), 3),
    **dict.fromkeys(("avril", "april", "apr", "avr"), 4),
    **dict.fromkeys(("mai", "mei", "may"), 5),
    **dict.fromkeys(("juin", "juni", "june", "jun"), 6),
    **dict.fromkeys(("juillet", "juli", "july", "jul", "juil"), 7),
    **dict.fromkeys(("aout", "août", "augustus", "august", "aug"), 8),
    **dict.fromkeys(("septembre", "september", "sep", "sept"), 9),
    **dict.fromkeys(("octobre", "oktober", "october", "oct", "okt"), 10),
    **dict.fromkeys(("novembre", "november", "nov"), 11),
    **dict.fromkeys(("decembre", "décembre", "december", "dec", "déc"), 12),
}
VALUE = r"(\d{2,3}[.,]\d{1,2})"
FORMS = [
    # 2026-01 137,37 / 2026-01-01;137.37 (the data/reference file)
    re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})(?:-\d{1,2})?\s*[,;\t ]\s*" + VALUE + r"\s*$"),
    # 01/2026 137,37
    re.compile(r"^\s*(?P<m>\d{1,2})[/.](?P<y>\d{4})\s*[,;\t ]\s*" + VALUE + r"\s*$"),
    # Janvier 2026 ... 137,37 (a row pasted from Statbel's table: the health index is the
    # figure in the column the admin copied last)
    re.compile(r"^\s*(?P<name>[^\W\d_]+)\.?\s+(?P<y>\d{4})\b.*?" + VALUE + r"\s*$"),
]


class SvkHealthIndexLoad(models.TransientModel):
    _name = "svk.health.index.load"
    _description = "Load health index figures"

    file = fields.Binary(help="A csv of month,value lines, as data/reference/health_index.csv.")
    file_name = fields.Char()
    text = fields.Text(
        string="Figures",
        help="One month per line: 2026-01 137,37, or 01/2026 137,37, or a row copied from "
        "Statbel's table (Janvier 2026 ... 137,37).",
    )

    def _parse(self, text):
        figures, errors = {}, []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lower().startswith("month"):
                continue
            for form in FORMS:
                match = form.match(line)
                if not match:
                    continue
                if "name" in form.groupindex:
                    month = MONTHS.get(match["name"].lower())
                else:
                    month = int(match["m"])
                if month and 1 <= month <= 12:
                    day = date(int(match["y"]), month, 1)
                    figures[day] = float(match[match.re.groups].replace(",", "."))
                    break
            else:
                errors.append(
                    self.env._(
                        "Line %(number)s is not a month and its figure: %(line)s",
                        number=number,
                        line=line.strip(),
                    )
                )
        return figures, errors

    def action_load(self):
        self.ensure_one()
        text = self.text or ""
        if self.file:
            text += "\n" + base64.b64decode(self.file).decode("utf-8-sig")
        figures, errors = self._parse(text)
        if errors:
            raise UserError("\n".join(errors))
        if not figures:
            raise UserError(self.env._("No figure to load."))
        Index = self.env["svk.health.index"]
        existing = {index.month: index for index in Index.search([("month", "in", list(figures))])}
        for month, value in figures.items():
            if month in existing:
                if existing[month].value != value:
                    existing[month].value = value
        Index.create(
            [
                {"month": month, "value": value}
                for month, value in figures.items()
                if month not in existing
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "svk.health.index",
            "view_mode": "list",
            "target": "current",
        }
