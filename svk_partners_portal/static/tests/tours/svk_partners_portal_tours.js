/** @odoo-module **/
// An organisation's social worker on a phone: from the portal's home page to a new
// application for a household they support.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("svk_partners_portal_apply_tour", {
    steps: () => [
        {
            content: "The referrals, from the portal's home page",
            trigger: ".o_portal_index_card a[href='/my/referrals']",
            run: "click",
        },
        {
            content: "Yonas, referred by the organisation",
            trigger: ".o_svk_referral_list a:contains('Yonas Tesfay')",
        },
        {
            content: "A new application",
            trigger: "a.o_svk_apply_link",
            run: "click",
        },
        {
            content: "The household's contact",
            trigger: "input#svk_contact_name",
            run: "edit Awa Diallo",
        },
        {
            content: "Phone",
            trigger: "input#svk_phone",
            run: "edit +32 470 99 88 77",
        },
        {
            content: "Kind of household",
            trigger: "select#svk_income_kind",
            run: "select one_income",
        },
        {
            content: "Two children",
            trigger: "input#svk_children",
            run: "edit 2",
        },
        {
            content: "The income",
            trigger: "input#svk_net_income",
            run: "edit 21500",
        },
        {
            content: "The household agreed",
            trigger: "input#svk_consent",
            run: "check",
        },
        {
            content: "... and to share its contact details",
            trigger: "input#svk_consent_contact",
            run: "check",
        },
        {
            content: "Send",
            trigger: "button.o_svk_apply_submit",
            run: "click",
        },
        {
            content: "Sent: the referral's page",
            trigger: ".o_svk_referral .alert-success",
        },
        {
            content: "The application waits for the agency",
            trigger: ".o_svk_referral_status:contains('Submitted, to complete')",
        },
    ],
});
