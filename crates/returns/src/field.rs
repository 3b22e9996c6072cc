//! One value of a return, as written from the record or read from a file.

use serde::Serialize;

/// A value in a return. A file may leave a value out or give one that is not
/// valid; both are kept, so that a rule (not the reader) says what is wrong,
/// the way the DfE's validator does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
pub enum Field<T> {
    /// Not given (an absent element, an empty cell).
    #[default]
    Missing,
    /// Given and of the right form.
    Valid(T),
    /// Given, but not of the right form: the text as it was written.
    Invalid(String),
}

impl<T> Field<T> {
    /// The value, if one of the right form was given.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Field::Valid(value) => Some(value),
            Field::Missing | Field::Invalid(_) => None,
        }
    }

    /// Whether anything was given, valid or not.
    pub fn is_present(&self) -> bool {
        !matches!(self, Field::Missing)
    }

    /// Whether nothing was given.
    pub fn is_missing(&self) -> bool {
        matches!(self, Field::Missing)
    }
}

impl<T> From<Option<T>> for Field<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Field::Valid(value),
            None => Field::Missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_not_of_the_right_form_is_present_but_not_valid() {
        let field: Field<u8> = Field::Invalid("x".into());
        assert!(field.is_present());
        assert_eq!(field.valid(), None);
        assert!(Field::<u8>::from(None).is_missing());
        assert_eq!(Field::from(Some(3)).valid(), Some(&3));
    }
}
