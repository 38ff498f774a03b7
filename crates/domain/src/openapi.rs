//! Schemas for the OpenAPI document, for the types whose JSON form is hand-written (codes, parsed
//! strings, ids). Everything else derives `utoipa::ToSchema`.

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};

/// A string schema with a description and, when given, a format, the allowed values and an example.
pub fn string(
    description: &str,
    format: Option<KnownFormat>,
    values: Option<&[&str]>,
    example: Option<&str>,
) -> RefOr<Schema> {
    let mut b = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .format(format.map(SchemaFormat::KnownFormat));
    if let Some(values) = values {
        b = b.enum_values(Some(values.iter().copied()));
    }
    if let Some(example) = example {
        b = b.examples([example]);
    }
    RefOr::T(Schema::Object(b.build()))
}
