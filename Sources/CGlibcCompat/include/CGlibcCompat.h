// Nothing to import: the target exists for what it links (see hypotf.c).
