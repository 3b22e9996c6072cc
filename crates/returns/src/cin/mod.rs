//! The children in need census.
//!
//! [`model`] is the census as data, element by element; [`read`] reads a
//! census file made by any system into it. [`from_record`] derives a
//! year's census from each child's record, and [`write`] writes a census
//! as XML in the schema's order.

pub mod from_record;
pub mod model;
pub mod read;
pub mod rules;
pub mod write;

pub use model::CinFile;
pub use read::{ReadError, read_bytes, read_file};
pub use rules::{validate, validate_as_of_reference_date};
