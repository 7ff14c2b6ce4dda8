"""Word and spreadsheets: write editions and diffs as DOCX, read editions back from DOCX, XLSX and CSV.

`wordml` lays documents out (paragraphs, tables, footnotes, comments) through python-docx's
own XML layer; `revisions` writes and resolves Word's tracked changes; `layout` holds the
annex grammar both directions share (labels, the Related column, the spreadsheet columns);
`importers` reads the three formats into cells with their locations (`docx_reader` and
`docx_annex` a Word document, however its annex is split or titled; `sheet_reader` a
workbook or CSV file); `ingest` turns them into a validated edition. Everything here imports python-docx or openpyxl only when called.
"""
