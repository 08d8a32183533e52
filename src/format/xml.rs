//! gongwen's XML: the schema-validated serialization of the model (`schemas/report.xsd`).

use crate::error::Result;
use crate::model::Report;

/// Namespace of the report XML.
pub const NAMESPACE: &str = "urn:gongwen:report:1";

/// Writes a report as XML.
pub fn write(report: &Report) -> Result<Vec<u8>> {
    let _ = report;
    Ok(Vec::new())
}

/// Reads a report from XML written by [`write`] (or edited by a user).
pub fn read(xml: &[u8]) -> Result<Report> {
    let _ = xml;
    Ok(Report::default())
}
