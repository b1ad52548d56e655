from . import svk_occupancy_report
