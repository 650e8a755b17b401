"""After pages exist, for any engine: CSP, redirects, search, QR codes, open data, urls.json."""
