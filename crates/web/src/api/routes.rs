//! Each API route is declared once: [`routes!`] routes a handler at the method and path its
//! `#[utoipa::path]` names and adds the same operation to the published document, so the router
//! and the OpenAPI document are made from one list and cannot drift apart.

use crate::AppState;
use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter};
use hitstaff_store::Store;
use utoipa::openapi::RefOr;
use utoipa::openapi::path::{HttpMethod, Paths};
use utoipa::openapi::schema::Schema;

/// Named schemas, as utoipa collects them for the document's components.
pub type Schemas = Vec<(String, RefOr<Schema>)>;

/// A router and the document's paths and schemas for the same handlers.
pub struct ApiRoutes<S: Store> {
    router: Router<AppState<S>>,
    paths: Paths,
    schemas: Schemas,
}

impl<S: Store> Default for ApiRoutes<S> {
    fn default() -> Self {
        Self {
            router: Router::new(),
            paths: Paths::new(),
            schemas: Vec::new(),
        }
    }
}

impl<S: Store> ApiRoutes<S> {
    /// Routes `handler` as its documentation `P` (utoipa's `__path_<handler>`) says.
    pub fn add<P, H, T>(mut self, handler: H) -> Self
    where
        P: utoipa::Path + utoipa::__dev::SchemaReferences + utoipa::__dev::Tags<'static>,
        H: Handler<T, AppState<S>>,
        T: 'static,
    {
        let path = P::path();
        let methods = P::methods();
        let mut operation = P::operation();
        let tags = P::tags();
        if !tags.is_empty() {
            operation
                .tags
                .get_or_insert_with(Vec::new)
                .extend(tags.iter().map(ToString::to_string));
        }
        if methods.contains(&HttpMethod::Post) {
            operation
                .parameters
                .get_or_insert_with(Vec::new)
                .push(RefOr::T(idempotency_key()));
        }
        let method_router = methods.iter().fold(MethodRouter::new(), |router, method| {
            router.on(filter(method), handler.clone())
        });
        self.router = self.router.route(&path, method_router);
        self.paths.add_path_operation(&path, methods, operation);
        P::schemas(&mut self.schemas);
        self
    }

    /// Both sets of routes, and both sets of documentation.
    pub fn merge(mut self, other: Self) -> Self {
        self.router = self.router.merge(other.router);
        self.paths.paths.extend(other.paths.paths);
        self.schemas.extend(other.schemas);
        self
    }

    /// Bodies up to `bytes` on every route so far (uploads), instead of the default limit.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.router = self.router.layer(axum::extract::DefaultBodyLimit::max(bytes));
        self
    }

    /// The router, and the paths and schemas to publish.
    pub fn split(self) -> (Router<AppState<S>>, Paths, Schemas) {
        (self.router, self.paths, self.schemas)
    }
}

/// Every POST takes an `Idempotency-Key` (see `crate::idempotency`).
fn idempotency_key() -> utoipa::openapi::path::Parameter {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(utoipa::openapi::Required::False)
        .description(Some(
            "Any 1 to 255 visible ASCII characters (a new UUID per request). Sent again with the \
             same request, the first answer comes back (with `Idempotent-Replayed: true`) instead of \
             a second record; with another request, 422; while the first is unanswered, 409.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[!-~]{1,255}$"))
                .min_length(Some(1))
                .max_length(Some(255)),
        ))
        .build()
}

fn filter(method: &HttpMethod) -> MethodFilter {
    match method {
        HttpMethod::Get => MethodFilter::GET,
        HttpMethod::Put => MethodFilter::PUT,
        HttpMethod::Post => MethodFilter::POST,
        HttpMethod::Head => MethodFilter::HEAD,
        HttpMethod::Patch => MethodFilter::PATCH,
        HttpMethod::Trace => MethodFilter::TRACE,
        HttpMethod::Delete => MethodFilter::DELETE,
        HttpMethod::Options => MethodFilter::OPTIONS,
    }
}

/// `routes!(index::<S>, create::<S>, me)`: the handlers, each routed and documented as its
/// `#[utoipa::path]` says.
macro_rules! routes {
    ($($name:ident $(::<$generic:ty>)?),+ $(,)?) => {
        pastey::paste! {
            $crate::api::routes::ApiRoutes::default()
                $( .add::<[<__path_ $name>], _, _>($name $(::<$generic>)?) )+
        }
    };
}
pub(crate) use routes;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    /// utoipa keeps one schema per name: two types published under one name would silently
    /// describe one of them wrongly (the requisition's reason code was once published as the
    /// matcher's reason object).
    #[test]
    fn no_two_types_share_a_published_name() {
        let (_, _, schemas) = crate::api::all_routes::<hitstaff_store_sqlite::SqliteStore>().split();
        assert!(
            schemas.len() > 50,
            "the schemas are collected ({})",
            schemas.len()
        );
        let mut seen = BTreeMap::new();
        for (name, schema) in schemas {
            let json = serde_json::to_value(&schema).unwrap();
            if let Some(before) = seen.insert(name.clone(), json.clone()) {
                assert_eq!(before, json, "two different types are both published as {name}");
            }
        }
    }
}
