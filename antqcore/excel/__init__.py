"""The Excel machinery every registry shares: a sheet described by a list of Columns is written (template and export,
with dropdowns and a guide sheet), read back as a dry-run preview with errors by row and column, and committed
all-or-nothing. Import from the module that holds what you need:

- cells: Column and the reading of a cell (numbers, dates, yes/no, choices);
- limits: what an upload may be (size, unpacked size, rows, cells, XML elements, time), checked before and while it
  is read;
- reading: read_sheet, the dry-run preview (RowResult, ImportResult, SheetReader, the errors of the services);
- areas: the area a sheet's code means on either map;
- commit: commit_all, every row or none (ImportRejected);
- writing: the template and the export (write_workbook, export_value) and the formula-safe cell writer;
- views: the download and export responses and the upload → preview → commit page.

Sheets are a Vietnamese file format: headers and labels are fixed text; the messages shown to the user are
translated as usual."""
