"""Local Offer site generator: YAML listings and markdown guidance in, a static site out."""
