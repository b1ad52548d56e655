"""The suite's benchmarks, one module per suite: see run.py."""
