def assign_references(model, vals_list, field, code):
    """Fill `field` of each new record's values ("/" or missing) from sequence `code`,
    numbered per company."""
    for vals in vals_list:
        if vals.get(field, "/") == "/":
            company = model.env["res.company"].browse(vals.get("company_id")) or model.env.company
            vals[field] = model.env["ir.sequence"].with_company(company).next_by_code(code) or "/"
    return vals_list
