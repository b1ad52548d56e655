"""The import's plain Python: no model, nothing stored.

- `columns.py`: the sheets an agency's files hold and their columns, with the words
  agencies use for them;
- `parsers.py`: one parser per kind of cell (a date, an amount, an IBAN...);
- `reader.py`: the files read into sheets of rows, every cell parsed;
- `checks.py`: one function per check of the rows, in the order they run;
- `analysis.py`: `Analysis`, which reads, checks and decides what each row does;
- `loader.py`: `Loader`, which writes what an analysis found.

The `svk.import` model (`models/svk_import.py`) keeps the record and its actions.
"""
