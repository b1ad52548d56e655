import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("svk_dashboard_director_tour", {
    steps: () => [
        {
            content: "Open the director's dashboard",
            trigger: ".o_search_panel_category_value:contains(Director)",
            run: "click",
        },
        {
            content: "Its figures are loaded: a figure is a link to its records",
            trigger: ".o_spreadsheet_dashboard_action .o-dashboard-clickable-cell",
            run: "click",
        },
        {
            content: "The records behind the figure open in a list",
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
