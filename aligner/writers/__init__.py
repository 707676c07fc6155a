"""Writers: aligned units and findings out to TMX, JSONL/TSV, HTML, XLSX, CSV/JSON."""
