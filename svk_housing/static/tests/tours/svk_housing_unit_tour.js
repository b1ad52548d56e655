import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("svk_housing_unit_tour", {
    url: "/odoo/action-svk_housing.svk_unit_action",
    steps: () => [
        {
            content: "The unit list shows the building's units with their EPC class",
            trigger: ".o_list_view .o_data_row td[name=name]:contains('Tour 2B')",
        },
        {
            content: "The list shows the owner",
            trigger: ".o_data_row:has(td[name=name]:contains('Tour 2B')) td[name=owner_id]:contains('Tour Owner')",
        },
        {
            content: "Open the unit",
            trigger: ".o_data_row td[name=name]:contains('Tour 2B')",
            run: "click",
        },
        {
            content: "The form shows the unit, its state and its energy class",
            trigger: ".o_form_view .o_field_widget[name=name] input:value('Tour 2B')",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Let')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=epc_class] select:has(option:selected:contains('E'))",
        },
        {
            content: "Its meter with the EAN code is listed",
            trigger: ".o_form_view .o_field_widget[name=meter_ids] td:contains('541448820000000015')",
        },
        {
            content: "Its owner contract is a click away",
            trigger: ".o_form_view .oe_stat_button[name=action_view_owner_contract]",
        },
    ],
});
