import io
import json
import re
import zipfile

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

SOCIAL = "svk_housing.group_svk_social"
MANAGER = "svk_housing.group_svk_manager"
RUNNING_LEASE_STATES = ("active", "notice")
# never exported: technical columns, and pictures (the attachments are)
SKIPPED_TYPES = ("binary", "one2many", "many2many", "properties", "properties_definition")
# what identifies a person on the contact itself; the erasure clears them
PARTNER_PERSONAL_FIELDS = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "vat",
    "website",
    "function",
    "title",
    "comment",
    "ref",
    "image_1920",
    "category_id",
)


# the agencies' records about a person: (field naming the person, model)
PERSON_FIELDS = (
    ("tenant_id", "svk.lease"),
    ("partner_id", "crm.lead"),
    ("partner_id", "svk.referral"),
    ("partner_id", "svk.message"),
    ("partner_id", "svk.messaging.consent"),
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _svk_gdpr_people(self):
        """The person and the contacts filed under them (their household's addresses)."""
        return self.with_context(active_test=False).search([("id", "child_of", self.ids)])

    def _svk_gdpr_check_manager(self):
        # the wizards are a manager's only (their access rights); the business methods
        # check it again, on the user's groups, never on the context
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only an SVK Manager exports or erases a person's data."))

    # ------------------------------------------------------------------ export
    def _svk_gdpr_records(self):
        """Everything of the agency's that is about this person, record by record, read
        with the user's rights (so that the social file stays the social workers' and
        another agency's data stays theirs); the invoices with the suite's rights, limited
        to the user's agencies (a manager need not be an accountant)."""
        self.ensure_one()
        people = self._svk_gdpr_people()
        companies = self.env.companies.ids
        company_domain = [("company_id", "in", [*companies, False])]
        leads = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("partner_id", "in", people.ids), *company_domain])
        )
        referrals = self.env["svk.referral"].search(
            ["|", ("partner_id", "in", people.ids), ("lead_id", "in", leads.ids), *company_domain]
        )
        leases = self.env["svk.lease"].search([("tenant_id", "in", people.ids), *company_domain])
        numbers = [number for number in people.mapped("phone_sanitized") if number]
        records = {
            "contact": people,
            "bank_accounts": people.bank_ids,
            "leases": leases,
            "household_members": leases.member_ids,
            "applications": leads,
            "referrals": referrals,
            # with what the person sent from their number that no contact matched
            "messages": self.env["svk.message"].search(
                [
                    "|",
                    ("partner_id", "in", people.ids),
                    "&",
                    ("needs_triage", "=", True),
                    ("number", "in", numbers),
                    *company_domain,
                ]
            ),
            "consents": self.env["svk.messaging.consent"].search(
                [
                    "|",
                    ("partner_id", "in", people.ids),
                    ("number", "in", numbers),
                    *company_domain,
                ]
            ),
            "invoices": self.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", people.commercial_partner_id.ids),
                    ("move_type", "!=", "entry"),
                    ("company_id", "in", companies),
                ]
            ),
        }
        if self.env.user.has_group(SOCIAL):
            records["referral_meetings"] = referrals.meeting_ids
        return records

    def _svk_gdpr_values(self, records):
        """Each record as a dict of its stored fields the user may read."""
        fnames = [
            name
            for name, field in records._fields.items()
            if field.store
            and field.type not in SKIPPED_TYPES
            and name not in ("message_main_attachment_id", "write_uid", "create_uid")
            and (not field.groups or self.env.user.has_groups(field.groups))
        ]
        rows = []
        for values in records.read(fnames):
            for name, value in values.items():
                field = records._fields.get(name)
                if field is not None and field.type == "many2one" and value:
                    values[name] = value[1]
                elif field is not None and field.type == "html" and value:
                    values[name] = html2plaintext(value)
            rows.append(values)
        return rows

    def _svk_gdpr_export(self, reason=None):
        """One zip archive with everything the agency holds about this person, for the
        person or the regulator: one JSON file per kind of record, the chatter of their
        records, and the files. Logged. Returns (archive bytes, file name, log)."""
        self.ensure_one()
        self._svk_gdpr_check_manager()
        records = self._svk_gdpr_records()
        social = self.env.user.has_group(SOCIAL)
        threads = [
            records[key]
            for key in ("contact", "leases", "applications", "referrals")
            if key in records
        ]
        # the chatter and the files, searched with the user's rights: Odoo's access
        # checks on messages and attachments decide what is the user's to see
        messages = self.env["mail.message"].search(
            [
                *self._svk_gdpr_threads_domain(threads, "model"),
                ("message_type", "!=", "user_notification"),
            ],
            order="date, id",
        )
        attachments = self.env["ir.attachment"].search(
            [
                *self._svk_gdpr_threads_domain(threads, "res_model"),
                "|",
                ("res_field", "=", False),
                ("res_field", "!=", False),
            ]
        )
        buffer = io.BytesIO()
        counts = {}
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for key, recs in records.items():
                counts[key] = len(recs)
                archive.writestr(
                    f"data/{key}.json",
                    json.dumps(self._svk_gdpr_values(recs), indent=2, default=str),
                )
            chatter = self._svk_gdpr_chatter(messages)
            counts["chatter"] = len(chatter)
            archive.writestr("data/chatter.json", json.dumps(chatter, indent=2, default=str))
            self._svk_gdpr_write_files(archive, attachments)
            counts["files"] = len(attachments)
            archive.writestr("README.txt", self._svk_gdpr_readme(counts, social))
        log = self.env["svk.gdpr.log"]._svk_log(
            "export", self._svk_gdpr_summary(counts), partner=self, reason=reason
        )
        name = f"subject-access-{self.id}-{fields.Date.context_today(self)}.zip"
        return buffer.getvalue(), name, log

    def _svk_gdpr_threads_domain(self, threads, model_field):
        """The domain of what is attached to these records (`model_field` names their
        model: ``model`` on messages, ``res_model`` on attachments)."""
        return ["|"] * (len(threads) - 1) + [
            term
            for thread in threads
            for term in ["&", (model_field, "=", thread._name), ("res_id", "in", thread.ids)]
        ]

    def _svk_gdpr_chatter(self, messages):
        """The chatter messages as the export shows them, with the tracked changes of
        the fields the user may read."""
        return [
            {
                "date": message.date,
                "record": f"{message.model},{message.res_id}",
                "record_name": message.record_name,
                "author": message.author_id.display_name or message.email_from,
                "type": message.message_type,
                "subject": message.subject,
                "body": html2plaintext(message.body or ""),
                "tracking": [
                    {
                        "field": value["changedField"],
                        "old": value["oldValue"]["value"],
                        "new": value["newValue"]["value"],
                    }
                    for value in message.sudo()
                    .tracking_value_ids._filter_has_field_access(self.env)
                    ._tracking_value_format()
                ],
            }
            for message in messages
        ]

    def _svk_gdpr_write_files(self, archive, attachments):
        """The files (binary attachments) into the archive, one folder per record."""
        for attachment in attachments:
            if attachment.type != "binary":
                continue
            safe = re.sub(r"[^\w.\- ]", "_", attachment.name or str(attachment.id))
            archive.writestr(
                f"files/{attachment.res_model}-{attachment.res_id}/{attachment.id}-{safe}",
                attachment.raw or b"",
            )

    def _svk_gdpr_readme(self, counts, social):
        lines = [
            self.env._(
                "Everything %(agency)s holds about %(person)s, exported on %(date)s by %(user)s.",
                agency=self.env.company.name,
                person=self.display_name,
                date=fields.Date.context_today(self),
                user=self.env.user.name,
            ),
            "",
            self._svk_gdpr_summary(counts),
        ]
        if not social:
            lines += [
                "",
                self.env._(
                    "The social file (referral notes, health and disability, justice "
                    "assistance, meetings and their documents) is not in this archive: "
                    "it is read by the agency's social workers only. Ask one of them to "
                    "run the export to include it."
                ),
            ]
        return "\n".join(lines)

    def _svk_gdpr_summary(self, counts):
        return "\n".join(f"{key}: {count}" for key, count in counts.items())

    # ------------------------------------------------------------------ erasure
    def _svk_gdpr_erase_blockers(self):
        """Why this person's data cannot be erased yet: a running lease, or rent still
        owed (the lease and the debt are the agency's to keep while they run)."""
        self.ensure_one()
        people = self._svk_gdpr_people()
        blockers = []
        users = people.sudo().with_context(active_test=False).user_ids
        companies = self.env["res.company"].sudo().search([("partner_id", "in", people.ids)])
        if users or companies:
            blockers.append(
                self.env._(
                    "%(names)s is a user or an agency of this database: archive the user "
                    "first (an administrator's task).",
                    names=", ".join((users.partner_id | companies.partner_id).mapped("name")),
                )
            )
        running = (
            self.env["svk.lease"]
            .sudo()
            .search([("tenant_id", "in", people.ids), ("state", "in", RUNNING_LEASE_STATES)])
        )
        if running:
            blockers.append(
                self.env._(
                    "Running lease(s): %(leases)s.",
                    leases=", ".join(running.mapped("display_name")),
                )
            )
        # a contact is shared by the agencies of one database: one agency does not erase
        # what another holds about the person
        elsewhere = [
            [(field, "in", people.ids), ("company_id", "not in", self.env.companies.ids)]
            for field, model in PERSON_FIELDS
        ]
        if any(
            self.env[model].sudo().with_context(active_test=False).search_count(domain, limit=1)
            for (_field, model), domain in zip(PERSON_FIELDS, elsewhere, strict=True)
        ):
            blockers.append(
                self.env._(
                    "Another agency of this database also holds data about this person: "
                    "the erasure is to be run by a manager of every agency concerned at once."
                )
            )
        # the partner's balance (the suite's one definition of what a tenant owes) is
        # computed without dependencies: read it afresh
        people = people.sudo()
        people.invalidate_recordset(["svk_balance_due"])
        debt = sum(people.mapped("svk_balance_due"))
        if self.env.company.currency_id.compare_amounts(debt, 0.0) > 0:
            blockers.append(
                self.env._(
                    "Rent still owed: %(amount)s.",
                    amount=self.env.company.currency_id.format(debt),
                )
            )
        return blockers

    def _svk_gdpr_erase(self, reason):
        """Anonymise what no law keeps of this person. Kept: the accounting (posted
        documents keep their own copy of the name, address and bank account, for the
        legal period), the leases as contracts (their tenant is now the anonymised
        contact), opt-outs (number and channel, so they are still honoured) and the
        anonymised register fields of applications. Logged; returns the log."""
        self.ensure_one()
        self._svk_gdpr_check_erasable(reason)
        name = self.display_name
        # the erasure acts for the agency on records a manager does not read (the
        # social file) or write (contacts' accounting links): its checks are above
        people = self._svk_gdpr_people().sudo()
        counts = {}
        leads = self._svk_gdpr_erase_applications(people)
        counts["applications"] = len(leads)
        counts["referrals"] = self._svk_gdpr_erase_referrals(people, leads)
        counts.update(self._svk_gdpr_erase_messages(people))
        counts["household_members"] = self._svk_gdpr_erase_household(people)
        counts["bank_accounts"] = self._svk_gdpr_erase_bank_accounts(people.bank_ids)
        counts["contacts"] = self._svk_gdpr_erase_contacts(people)
        return self.env["svk.gdpr.log"]._svk_log(
            "erasure",
            self.env._("Erased: %(person)s", person=name) + "\n" + self._svk_gdpr_summary(counts),
            partner=self,
            reason=reason,
        )

    def _svk_gdpr_check_erasable(self, reason):
        """Refuse an erasure by someone who is no data protection manager, without a
        reason, or of a person some law still needs the data of."""
        self._svk_gdpr_check_manager()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the person's data is erased."))
        blockers = self._svk_gdpr_erase_blockers()
        if blockers:
            raise UserError(
                self.env._(
                    "%(person)s's data cannot be erased yet:\n%(reasons)s",
                    person=self.display_name,
                    reasons="\n".join(blockers),
                )
            )

    def _svk_gdpr_erase_applications(self, people):
        """Anonymise the people's applications; returns them."""
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", people.ids)])
        )
        leads._svk_anonymise()
        return leads

    def _svk_gdpr_erase_referrals(self, people, leads):
        """Empty the social file of the people's and their applications' referrals;
        returns how many."""
        referrals = (
            self.env["svk.referral"]
            .sudo()
            .search(["|", ("partner_id", "in", people.ids), ("lead_id", "in", leads.ids)])
        )
        referrals.meeting_ids.unlink()
        referrals.with_context(tracking_disable=True, mail_notrack=True).write(
            {
                "partner_id": False,
                "support_plan": False,
                "social_note": False,
                "justice_info": False,
            }
        )
        self._svk_gdpr_clear_threads(referrals)
        return len(referrals)

    def _svk_gdpr_erase_messages(self, people):
        """Anonymise the people's messages; delete their consents, keep their opt-outs
        reduced to the number and channel. Returns the counts."""
        messages = self.env["svk.message"].sudo().search([("partner_id", "in", people.ids)])
        messages._svk_gdpr_anonymise()
        consents = (
            self.env["svk.messaging.consent"].sudo().search([("partner_id", "in", people.ids)])
        )
        consents.filtered(lambda c: c.state == "opt_in").unlink()
        consents.exists()._svk_gdpr_reduce()
        return {"messages": len(messages), "consents": len(consents)}

    def _svk_gdpr_erase_household(self, people):
        """Anonymise the household members of the people's leases; returns how many."""
        members = self.env["svk.lease"].sudo().search([("tenant_id", "in", people.ids)]).member_ids
        members.write({"name": self.env._("Anonymised"), "birth_date": False, "disabled": False})
        return len(members)

    def _svk_gdpr_erase_contacts(self, people):
        """Clear the people's chatter and followers, anonymise and archive the contacts;
        returns how many."""
        self._svk_gdpr_clear_threads(people)
        self.env["mail.followers"].sudo().search([("partner_id", "in", people.ids)]).unlink()
        for person in people.with_context(tracking_disable=True, mail_notrack=True):
            person.write(
                {
                    **{
                        fname: False for fname in PARTNER_PERSONAL_FIELDS if fname in person._fields
                    },
                    "name": self.env._("Anonymised #%(id)s", id=person.id),
                    "active": False,
                }
            )
        return len(people)

    def _svk_gdpr_clear_threads(self, records):
        """Delete the chatter, the files and the activities of these records."""
        if not records:
            return
        self.env["mail.message"].sudo().search(
            [("model", "=", records._name), ("res_id", "in", records.ids)]
        ).unlink()
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                "|",
                ("res_field", "=", False),
                ("res_field", "!=", False),
            ]
        ).unlink()
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        ).unlink()

    def _svk_gdpr_erase_bank_accounts(self, accounts):
        """A bank account that a document refers to (invoice, payment, payment order,
        mandate) is accounting's to keep: archived; any other is deleted. Returns how many
        were deleted."""
        accounts = accounts.sudo().with_context(active_test=False)
        used = self.env["res.partner.bank"]
        for model_name, model in self.env.registry.items():
            if model._abstract or model._transient or model_name == "res.partner.bank":
                continue
            for fname, field in model._fields.items():
                if (
                    field.type == "many2one"
                    and field.comodel_name == "res.partner.bank"
                    and field.store
                    and not field.related
                ):
                    Model = self.env[model_name].sudo().with_context(active_test=False)
                    used |= Model.search([(fname, "in", accounts.ids)]).mapped(fname)
        used = accounts & used  # keeps the accounts' (sudo) environment
        unused = accounts - used
        self._svk_gdpr_clear_threads(unused)
        # Odoo archives a bank account instead of deleting it, because documents may use
        # it; none uses these (checked above), so the erasure deletes them for real
        models.Model.unlink(unused)
        used.write({"active": False})
        return len(unused)
