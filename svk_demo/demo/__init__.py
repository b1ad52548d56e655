"""Plain Python of the demo agency (names, places, codes), used by its generator."""
