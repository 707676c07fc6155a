"""Language knowledge shared by readers, aligner and checks: scripts, folding, sentences."""
