from odoo import fields, models


class SvkReferralAlert(models.Model):
    """What the agency told a referral organisation about a referral (arrears, end of
    the support, end of the lease), as svk_partners sent it: the organisation's social
    workers find it again on the partners' portal. The text never holds social data
    (svk.referral._svk_inform_referrer)."""

    _name = "svk.referral.alert"
    _description = "Alert sent to a referral organisation"
    _order = "date desc, id desc"
    _check_company_auto = True

    referral_id = fields.Many2one(
        "svk.referral", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(
        related="referral_id.company_id", store=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Sent to", readonly=True, help="The referrer who was written to."
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    body = fields.Text(string="Alert", required=True, readonly=True)
