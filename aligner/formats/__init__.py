"""File formats that are both read and written (TMX), one class per format."""
