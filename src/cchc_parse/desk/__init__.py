"""The analysts' desk: the workbook, the HTML report and the deadline calendar made from a batch's outputs."""
