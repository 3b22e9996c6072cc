//! Placeholder until the identifier newtypes land.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Postcode(String);
impl Postcode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
