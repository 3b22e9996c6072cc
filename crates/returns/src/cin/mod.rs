//! The children in need census.
//!
//! [`model`] is the census as data, element by element; [`read`] reads a
//! census file made by any system into it.

pub mod model;
pub mod read;
pub mod rules;

pub use model::CinFile;
pub use read::{ReadError, read_bytes, read_file};
pub use rules::validate;
