//! The edge: what an HTTP request brings (ids in the path, form text, an uploaded file), parsed
//! into what the use cases take or refused with a clear error, and the answers the API and the
//! pages give alike (a resume's original file).

use crate::AppState;
use crate::error::AppError;
use crate::session::Caller;
use axum::extract::{Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use hitstaff_app::resumes::{MAX_FILE_BYTES, too_large};
use hitstaff_domain::FieldError;
use hitstaff_domain::ResumeId;
use hitstaff_store::Store;

/// An id from the path; a malformed one is simply not found.
pub fn path_id<T>(
    raw: &str,
    entity: &str,
    parse: impl Fn(&str) -> Result<T, hitstaff_domain::InvalidValue>,
) -> Result<T, AppError> {
    parse(raw).map_err(|_| AppError::NotFound(format!("no such {entity}")))
}

/// Checks every value of a form or query string for characters no text may hold.
pub fn check_form_text(encoded: &[u8]) -> Result<(), AppError> {
    let pairs: Vec<(String, String)> = serde_html_form::from_bytes(encoded).unwrap_or_default();
    let errors: Vec<_> = pairs
        .iter()
        .filter_map(|(k, v)| hitstaff_domain::check_text(k, v).err())
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(hitstaff_domain::ValidationErrors { errors }))
    }
}

/// An upload's file and its other fields.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub fields: Vec<(String, String)>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("bytes", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

impl Upload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Reads a `multipart/form-data` request with one part named `file`.
    pub async fn from_request<S: Store>(request: Request, state: &AppState<S>) -> Result<Upload, AppError> {
        use axum::extract::FromRequest;
        let form = Multipart::from_request(request, state).await.map_err(|e| {
            AppError::BadRequest(format!(
                "send the resume as multipart/form-data with a part named file: {}",
                e.body_text()
            ))
        })?;
        read(form).await
    }
}

async fn read(mut form: Multipart) -> Result<Upload, AppError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large().into()
        } else {
            AppError::BadRequest(format!("the upload could not be read: {}", e.body_text()))
        }
    };
    let mut file = None;
    let mut fields = Vec::new();
    while let Some(part) = form.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = part.file_name().unwrap_or("resume").to_string();
            let bytes = part.bytes().await.map_err(bad)?;
            if bytes.len() > MAX_FILE_BYTES {
                return Err(too_large().into());
            }
            file = Some((file_name, bytes.to_vec()));
        } else if fields.len() < 16 {
            let value = part.text().await.map_err(bad)?;
            fields.push((name, value.chars().take(200).collect()));
        }
    }
    let (file_name, bytes) = file.ok_or_else(|| {
        AppError::Invalid(
            FieldError::new(
                "file",
                "choose the resume file to upload (the form field is named file)",
            )
            .into(),
        )
    })?;
    // Only the last part of a path: browsers on some systems send "C:\\Users\\...\\cv.pdf".
    let file_name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("resume")
        .trim()
        .to_string();
    Ok(Upload {
        file_name,
        bytes,
        fields,
    })
}

/// A stored resume's original, as an attachment of its sniffed type that a browser will not run.
pub async fn resume_file<S: Store>(
    state: &AppState<S>,
    caller: &Caller,
    id: ResumeId,
) -> Result<Response, AppError> {
    let (info, bytes) = hitstaff_app::resumes::original(&state.store, caller.actor(), id).await?;
    let ascii: String = info
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, info.media_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\""),
            ),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
