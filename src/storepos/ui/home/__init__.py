"""Home: the workflows as large buttons and one scan field (view, presenter, screen)."""
