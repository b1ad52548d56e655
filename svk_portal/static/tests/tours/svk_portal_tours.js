/** @odoo-module **/
// The tenant's main paths on a phone: from the portal's home page, by its tiles.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("svk_portal_home_tour", {
    steps: () => [
        {
            content: "The tiles of the tenant's home page",
            trigger: ".o_svk_tiles a.o_svk_tile_home",
            run: "click",
        },
        {
            content: "The unit's address and the agency's phone",
            trigger: ".o_svk_home h2:contains('Rue Haute 120, 0.1')",
        },
        {
            content: "The agency can be called",
            trigger: ".o_svk_home a[href^='tel:']",
        },
        {
            content: "The emergency numbers",
            trigger: ".o_svk_home:contains('Plumber: 02 123 45 67')",
        },
    ],
});

registry.category("web_tour.tours").add("svk_portal_owe_tour", {
    steps: () => [
        {
            content: "What I owe",
            trigger: ".o_svk_tiles a.o_svk_tile_owe",
            run: "click",
        },
        {
            content: "The balance",
            trigger: ".o_svk_owe .o_svk_balance:contains('600,00')",
        },
        {
            content: "The structured communication",
            trigger: ".o_svk_owe .o_svk_communication:contains('+++')",
        },
        {
            content: "The SEPA QR code",
            trigger: ".o_svk_owe img.o_svk_qr",
        },
        {
            content: "The open invoice, to its page",
            trigger: ".o_svk_owe .o_svk_open_lines a",
            run: "click",
        },
        {
            content: "Odoo's own invoice page",
            trigger: "#portal_pay, .o_portal_sidebar, .o_portal_invoice_sidebar",
        },
    ],
});

registry.category("web_tour.tours").add("svk_portal_documents_tour", {
    steps: () => [
        {
            content: "My documents",
            trigger: ".o_svk_tiles a.o_svk_tile_documents",
            run: "click",
        },
        {
            content: "The entry inspection report",
            trigger: ".o_svk_lease_documents a:contains('inspection-amina.pdf')",
        },
        {
            content: "The invoice",
            trigger: ".o_svk_invoices a[href*='report_type=pdf']",
        },
    ],
});

registry.category("web_tour.tours").add("svk_portal_messages_tour", {
    steps: () => [
        {
            content: "My messages",
            trigger: ".o_svk_tiles a.o_svk_tile_messages",
            run: "click",
        },
        {
            content: "The agency's message",
            trigger: ".o_svk_conversation .o_svk_message_out:contains('Bonjour Amina')",
        },
        {
            content: "Write",
            trigger: ".o_svk_reply textarea[name='body']",
            run: "edit The heating does not work",
        },
        {
            content: "Send",
            trigger: ".o_svk_reply button[type='submit']",
            run: "click",
        },
        {
            content: "Sent, and in the conversation",
            trigger: ".o_svk_messages .alert-success",
        },
        {
            content: "My message",
            trigger: ".o_svk_conversation .o_svk_message_in:contains('The heating does not work')",
        },
    ],
});
