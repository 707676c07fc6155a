"""Input layout names, apart from the readers so that the CLI can list them in its help without
importing the readers (and their OpenCC converters) before a command runs."""

LAYOUTS = ("auto", "mixed", "interleaved", "blocks", "pair", "tsv", "csv", "markdown", "xlsx", "xliff", "docx",
           "tmx")
