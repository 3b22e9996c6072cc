//! The children looked after return, SSDA903.
