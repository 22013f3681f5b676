"""Files -> documents: the corpus format and what an upload can be (HTML, PDF, text, links)."""
