from . import svk_demo_generator
