"""Files -> documents: the corpus format (articles and debates), Debatabase folders, uploads
(HTML, PDF, text, links)."""
