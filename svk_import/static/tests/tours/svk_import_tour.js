import { registry } from "@web/core/registry";

/**
 * Put the workbook the test stored as attachment `name` into the form's file input, as
 * a user choosing it in the browser's file dialog would.
 */
async function chooseFile(name) {
    const response = await fetch("/web/dataset/call_kw/ir.attachment/search_read", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
            jsonrpc: "2.0",
            method: "call",
            params: {
                model: "ir.attachment",
                method: "search_read",
                args: [[["name", "=", name], ["res_model", "=", "svk.import.tour"]], ["datas"]],
                kwargs: {},
            },
        }),
    });
    const { result } = await response.json();
    const bytes = Uint8Array.from(atob(result[0].datas), (c) => c.charCodeAt(0));
    const file = new File([bytes], name, {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const input = document.querySelector(".o_field_widget[name=attachment_ids] input[type=file]");
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("svk_import_tour", {
    url: "/odoo/action-svk_import.svk_import_action",
    steps: () => [
        {
            content: "Start a new import",
            trigger: ".o_list_button_add, .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Choose the agency's workbook (it has a wrong IBAN)",
            trigger: ".o_field_widget[name=attachment_ids] button.o_attach",
            run: () => chooseFile("agence_avec_erreur.xlsx"),
        },
        {
            content: "The file is uploaded",
            trigger: ".o_field_widget[name=attachment_ids] .o_attachment:contains('agence_avec_erreur.xlsx') .o_attachment_uploaded",
        },
        {
            content: "The opening balances go to the journal and account the accountant chose",
            trigger: ".o_field_widget[name=journal_id] input:value('Miscellaneous Operations')",
        },
        {
            content: "Check the files",
            trigger: "button[name=action_check]:contains('Check the files')",
            run: "click",
        },
        {
            content: "The preview says there is an error and nothing will be written",
            trigger: ".alert-danger:contains('nothing will be written')",
        },
        {
            content: "Import is not offered while an error remains",
            trigger: ".o_form_view:not(:has(button[name=action_import]:visible))",
        },
        {
            content: "The error report can be downloaded",
            trigger: "button[name=action_download_report]",
        },
        {
            content: "Open the errors",
            trigger: ".o_notebook a.nav-link:contains('Errors')",
            run: "click",
        },
        {
            content: "The error names the sheet, the row, the column and the reason",
            trigger: ".o_field_widget[name=message_line_ids] .o_data_row:has(td:contains('Propriétaires')):has(td[name=row]:contains('3')):has(td:contains('IBAN')):contains('check digits')",
        },
        {
            content: "Change the files",
            trigger: "button[name=action_reset]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('To check')",
        },
        {
            content: "Remove the faulty workbook",
            trigger: ".o_field_widget[name=attachment_ids] .o_attachment:contains('agence_avec_erreur.xlsx') .o_attachment_delete",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=attachment_ids]:not(:contains('agence_avec_erreur.xlsx'))",
        },
        {
            content: "Choose the corrected workbook",
            trigger: ".o_field_widget[name=attachment_ids] button.o_attach",
            run: () => chooseFile("agence.xlsx"),
        },
        {
            trigger: ".o_field_widget[name=attachment_ids] .o_attachment:contains('agence.xlsx') .o_attachment_uploaded",
        },
        {
            content: "Check the corrected files",
            trigger: "button[name=action_check]:contains('Check the files')",
            run: "click",
        },
        {
            content: "Ready: what will be created",
            trigger: ".alert-success:contains('records to create')",
        },
        {
            content: "Import",
            trigger: "button[name=action_import]",
            run: "click",
        },
        {
            content: "Imported",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Imported')",
        },
        {
            content: "Go to the leases",
            trigger: ".o_form_view",
            run: () => {
                window.location.href = "/odoo/action-svk_housing.svk_lease_action";
            },
        },
        {
            content: "Open the imported lease",
            trigger: ".o_data_row td[name=name]:contains('B-2024-01')",
            run: "click",
        },
        {
            content: "Its opening balance is what the tenant owes",
            trigger: ".o_form_view .o_field_widget[name=balance_due]:contains('1,312.50')",
        },
        {
            content: "Owed since the oldest due date of the file",
            trigger: ".o_form_view .o_field_widget[name=oldest_unpaid_date]:contains('09/01/2026')",
        },
    ],
});
