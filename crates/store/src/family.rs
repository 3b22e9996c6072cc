//! Links between the records of children who are family: written from each
//! child's fold with the rest of their derived rows, and read from the
//! other side, so a brother recorded on one record shows on both.

use sqlx::Row;

use crate::{ChildId, Db, StoreError, on_read};

/// Another child's record that names this child as family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildLink {
    /// The record that names this child.
    pub child: ChildId,
    /// How that record says this child is related to them
    /// ([`hearth_domain::events::Kinship`], by its JSON name).
    pub relationship: String,
}

/// A child's name, for a link to their record: given only for children
/// the access policy has opened to the viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildName {
    pub child: ChildId,
    pub given_name: String,
    pub family_name: String,
}

impl Db {
    /// The records that name this child as family, for the child's page
    /// (whether the viewer may open each is decided before any is named).
    pub async fn linked_from(
        &self,
        child: &crate::Authorised,
    ) -> Result<Vec<ChildLink>, StoreError> {
        const SQL: &str = "SELECT child_id, relationship FROM child_link WHERE relative_id = $1
            ORDER BY child_id, seq";
        let child = child.child();
        on_read!(self, |p| {
            let rows = sqlx::query(SQL).bind(child.0).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(ChildLink {
                        child: ChildId(r.try_get("child_id")?),
                        relationship: r.try_get("relationship")?,
                    })
                })
                .collect()
        })
    }

    /// The names of `children`, for links to their records. The caller
    /// asks the access policy first: only children it opens to the viewer
    /// may be named.
    pub async fn child_names(&self, children: &[ChildId]) -> Result<Vec<ChildName>, StoreError> {
        const SQL: &str = "SELECT id, given_name, family_name FROM child WHERE id = $1";
        let mut names = Vec::with_capacity(children.len());
        for child in children {
            let name = on_read!(self, |p| {
                let row = sqlx::query(SQL).bind(child.0).fetch_optional(p).await?;
                row.map(|r| {
                    Ok::<_, StoreError>(ChildName {
                        child: ChildId(r.try_get("id")?),
                        given_name: r.try_get("given_name")?,
                        family_name: r.try_get("family_name")?,
                    })
                })
                .transpose()
            })?;
            names.extend(name);
        }
        Ok(names)
    }
}
