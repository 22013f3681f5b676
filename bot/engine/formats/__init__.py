"""Files -> documents: the corpus format (articles and debates), Debatabase folders, uploads."""
