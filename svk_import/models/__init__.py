from . import svk_import
from . import svk_import_mapping
from . import svk_import_export
