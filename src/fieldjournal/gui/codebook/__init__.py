"""The codebook panel and its tree model."""
