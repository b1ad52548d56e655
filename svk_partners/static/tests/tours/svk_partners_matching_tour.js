import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("svk_partners_matching_tour", {
    url: "/odoo/action-svk_housing.svk_unit_action",
    steps: () => [
        {
            content: "Open the unit that is being renovated",
            trigger: ".o_list_view .o_data_row td[name=name]:contains('Tour 3C')",
            run: "click",
        },
        {
            content: "No matching list while the unit is not available",
            trigger: ".o_form_view .o_field_widget[name=name] input:value('Tour 3C')",
        },
        {
            trigger: ".o_form_view:not(:has(.oe_stat_button[name=action_svk_matching]))",
        },
        {
            content: "The works are done: the unit becomes available",
            trigger: ".o_form_view .o_statusbar_status button[data-value=available]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Available')",
        },
        {
            content: "Open the applications that fit it",
            trigger: ".o_form_view .oe_stat_button[name=action_svk_matching]",
            run: "click",
        },
        {
            content: "The application won on appeal comes first",
            trigger: ".o_list_view .o_data_row:first td[name=name]:contains('Tour Appeal')",
        },
        {
            content: "The referred household shows its organisation",
            trigger: ".o_data_row:has(td[name=name]:contains('Tour Household')) td[name=svk_referral_org_id]:contains('Tour CPAS')",
        },
        {
            content: "The household that needs more bedrooms is not proposed",
            trigger: ".o_list_view:not(:has(td[name=name]:contains('Tour Too Big')))",
        },
        {
            content: "Allocate the unit to the referred household",
            trigger: ".o_data_row:has(td[name=name]:contains('Tour Household')) button:contains('Allocate')",
            run: "click",
        },
        {
            content: "Set the rent",
            trigger: ".modal .o_field_widget[name=rent] input",
            run: "edit 640",
        },
        {
            trigger: ".modal footer button[name=action_allocate]",
            run: "click",
        },
        {
            content: "The draft lease opens, for the new tenant",
            trigger: ".o_form_view .o_field_widget[name=tenant_id] input:value('Tour Household')",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
    ],
});
