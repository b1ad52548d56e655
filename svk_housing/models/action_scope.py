"""What an action hands to the code it calls, out of the client's reach.

The context of a call is the client's to set (``call_kw`` takes it as it comes): no
security decision reads it. An action that may do what a direct write may not (set a
state, change a running lease's rent) opens a scope around its own writes, and the
write checks the scope; values an action passes through Odoo's own code (the SMS stack)
travel the same way. The scope is the running call's only (a ``ContextVar``: one per
thread, never sent by a client) and closes when the action returns, also on an error.
"""

import contextlib
import contextvars

_SCOPE = contextvars.ContextVar("svk_action_scope", default=None)


@contextlib.contextmanager
def action_scope(key, records=None, value=None):
    """Open the scope `key` for `records` (any record, when None), or hand `value`."""
    scope = dict(_SCOPE.get() or {})
    if value is not None:
        scope[key] = value
    else:
        previous = scope.get(key)
        if records is None or previous is True:
            scope[key] = True
        else:
            scope[key] = frozenset(records._ids) | (previous or frozenset())
    token = _SCOPE.set(scope)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def in_action_scope(key, records=None):
    """Whether the scope `key` is open (for all of `records`, when given)."""
    opened = (_SCOPE.get() or {}).get(key)
    if opened is True or records is None:
        return bool(opened)
    return isinstance(opened, frozenset) and opened.issuperset(records._ids)


def action_value(key, default=None):
    """The value an action handed under `key`, or `default`."""
    return (_SCOPE.get() or {}).get(key, default)


def would_change(records, fname, value):
    """The records whose field `fname` a write of `value` changes."""
    field = records._fields[fname]
    return records.filtered(
        lambda record: (
            field.convert_to_record(field.convert_to_cache(value, record), record) != record[fname]
        )
    )
