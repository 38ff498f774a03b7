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

/// What a parsed string's published schema promises about its form, so that clients (and
/// generated requests) can send values the server accepts. The parser stays the authority; the
/// shape is never stricter than it.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// A regular expression the whole value matches (ECMA-262, without Unicode classes).
    pub pattern: Option<&'static str>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
}

impl Shape {
    /// No promise beyond "a string".
    pub const ANY: Shape = Shape {
        pattern: None,
        min_length: None,
        max_length: None,
    };
}

/// A string schema with a description, an example and a [`Shape`].
pub fn shaped_string(description: &str, example: Option<&str>, shape: Shape) -> RefOr<Schema> {
    let mut b = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(shape.pattern)
        .min_length(shape.min_length)
        .max_length(shape.max_length);
    if let Some(example) = example {
        b = b.examples([example]);
    }
    RefOr::T(Schema::Object(b.build()))
}
