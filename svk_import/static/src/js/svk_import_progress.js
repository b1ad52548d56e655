/** @odoo-module **/
import { registry } from "@web/core/registry";
import { ProgressBarField, progressBarField } from "@web/views/fields/progress_bar/progress_bar_field";
import { onWillUnmount, onMounted } from "@odoo/owl";

/**
 * The import's progress bar: while the import runs in the background, the record is
 * read again every two seconds, so the bar moves and the form shows the result when done.
 */
export class SvkImportProgressField extends ProgressBarField {
    setup() {
        super.setup();
        onMounted(() => {
            this.timer = setInterval(() => {
                const record = this.props.record;
                if (record.data.state === "queued" && !record.dirty) {
                    record.load();
                }
            }, 2000);
        });
        onWillUnmount(() => clearInterval(this.timer));
    }
}

registry.category("fields").add("svk_import_progress", {
    ...progressBarField,
    component: SvkImportProgressField,
});
