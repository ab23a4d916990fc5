"""Alert rules as data, their term syntax and the matcher (text tools: no I/O)."""
