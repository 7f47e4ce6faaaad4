"""Intake: how files from outside come in, for every importer (ledgers, 双公示, power list, documents, attachments).

One owner for what every importer needs and must not each get slightly differently right:
- `decoding`: text files in UTF-8 (with or without BOM) or GB18030, what Excel in China saves;
- `archives`: zip packages (xlsx, docx, ods) checked for bombs before anything inflates them;
- `cells`: a spreadsheet cell as text, refusing a number that has lost digits (DESIGN §2);
- `readers`: the rows of an xlsx/xls/ods sheet or a CSV file, streamed, every cell as text;
- `tables`: the generic ledger import (header found by label, rows checked, chunks written);
- `error_files`: the refused rows as a CSV or xlsx file people open in Excel.
`UnreadableFile` (here) is how any of them refuses a whole file.
"""


class UnreadableFile(ValueError):
    """The whole file is refused, not one row; the message (Chinese, for the user) says why."""
