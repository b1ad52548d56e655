from . import svk_health_index_load
