"""Plain Python of the demo agency, one module per kind of record (portfolio, owners,
leases, indexation, messaging, applications, months) and what they draw from (names,
codes). Each builder takes ``gen``, the ``svk.demo.generator`` record whose environment
and context it writes with, and a ``random.Random``: the model's entry points decide who
may call them and in which order."""
