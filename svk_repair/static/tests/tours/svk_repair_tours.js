/** @odoo-module **/
// Asking for a repair on a phone, with a photo taken by the phone.

import { registry } from "@web/core/registry";

// one red pixel, as a phone's camera would hand a PNG
const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

registry.category("web_tour.tours").add("svk_repair_ask_tour", {
    steps: () => [
        {
            content: "The repairs tile of the tenant's home page",
            trigger: ".o_svk_tiles a.o_svk_tile_repairs",
            run: "click",
        },
        {
            content: "Ask for a repair",
            trigger: ".o_svk_repairs a.o_svk_repair_ask",
            run: "click",
        },
        {
            content: "No heating",
            trigger: ".o_svk_repair_form input#svk_category_heating",
            run: "click",
        },
        {
            content: "What is wrong",
            trigger: ".o_svk_repair_form textarea#svk_description",
            run: "edit Le chauffage ne marche plus depuis hier soir",
        },
        {
            content: "A photo",
            trigger: ".o_svk_repair_form input#svk_photos",
            run() {
                const bytes = Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "radiateur.png", { type: "image/png" }));
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Send",
            trigger: ".o_svk_repair_form button[type=submit]",
            run: "click",
        },
        {
            content: "Received, with its status and photo",
            trigger: ".o_svk_repair .o_svk_repair_created",
        },
        {
            content: "The photo is shown",
            trigger: ".o_svk_repair .o_svk_repair_photos img",
        },
    ],
});
