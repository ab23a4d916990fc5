"""The migrations, one file per revision: NNNN_slug.py, revision id NNNN."""
