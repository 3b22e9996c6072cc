//! The children in need census.
//!
//! [`model`] is the census as data, element by element.

pub mod model;

pub use model::CinFile;
