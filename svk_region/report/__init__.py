from . import svk_region_inventory_xlsx
