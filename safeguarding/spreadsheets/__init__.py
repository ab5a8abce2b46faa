"""Import and export of review tracker spreadsheets (CSV and XLSX), the S-CRT layout,
and the Domestic Homicide Review Dataset import."""
