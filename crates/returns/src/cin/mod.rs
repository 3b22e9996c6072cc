//! The children in need census.
