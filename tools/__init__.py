"""Build-time and setup scripts (never shipped to the browser); sitegen/ builds the site."""
