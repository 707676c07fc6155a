"""aligner: Chinese→Japanese bilingual alignment and translation QA."""

__version__ = "0.1.0"
