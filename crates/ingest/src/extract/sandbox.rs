//! Reading untrusted documents in a child process.
//!
//! The parent writes the document to the child's standard input; the child (the same program,
//! started with a worker argument, see [`worker_main`]) caps its own address space and CPU time,
//! extracts, and answers on standard output: `ok <format>\n` and the text, or `error\n` and the
//! [`ExtractError`] as JSON. The parent enforces wall-clock time and output size, and reads a
//! crash, a kill or an allocation failure as the error it is.

use super::{ExtractError, Extracted, Format, MAX_FILE_BYTES, MAX_TEXT_BYTES, extract, sniff};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const MEMORY_ENV: &str = "HITSTAFF_EXTRACT_MEMORY_MIB";
const CPU_ENV: &str = "HITSTAFF_EXTRACT_CPU_SECONDS";
/// The exit code of a worker that answered with an error.
const ANSWERED_ERROR: u8 = 3;

/// How much a child may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time before the child is killed.
    pub time: Duration,
    /// Address space the child may map, in MiB.
    pub memory_mib: u64,
    /// Text the child may write.
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            time: Duration::from_secs(10),
            memory_mib: 768,
            output_bytes: MAX_TEXT_BYTES,
        }
    }
}

/// How to start the extraction worker, and its limits.
#[derive(Debug, Clone)]
pub struct Sandbox {
    program: PathBuf,
    args: Vec<OsString>,
    limits: Limits,
}

impl Sandbox {
    /// A worker started as `program args...`, which must call [`worker_main`].
    pub fn new(program: impl Into<PathBuf>, args: impl IntoIterator<Item = impl Into<OsString>>) -> Self {
        Self {
            program: program.into(),
            args: args.into_iter().map(Into::into).collect(),
            limits: Limits::default(),
        }
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// A document's text. Plain text is read here; everything else in a child process.
    pub fn extract(&self, bytes: &[u8]) -> Result<Extracted, ExtractError> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(ExtractError::TooLarge {
                size: bytes.len(),
                limit: MAX_FILE_BYTES,
            });
        }
        // Zipped formats are told apart inside the child: the zip reader is untrusted code too.
        let format = if bytes.starts_with(b"PK") {
            Format::Docx
        } else {
            sniff(bytes)?
        };
        if !format.needs_sandbox() {
            return extract(bytes);
        }
        self.in_child(bytes, format)
    }

    fn in_child(&self, bytes: &[u8], format: Format) -> Result<Extracted, ExtractError> {
        let sandbox_error = |e: &dyn std::fmt::Display| ExtractError::Sandbox {
            detail: format!("{}: {e}", self.program.display()),
        };
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .env(MEMORY_ENV, self.limits.memory_mib.to_string())
            // The `hitstaff` binary allocates with mimalloc, which reserves address space a
            // gigabyte at a time. Under the worker's address-space limit that reservation failed
            // now and then, and the inflater panicked on a small DOCX (about 1 read in 140,
            // measured). Reserving in small steps makes the limit measure what the reader uses.
            // Other allocators ignore the variable.
            .env("MIMALLOC_ARENA_RESERVE", "64MiB")
            .env(
                CPU_ENV,
                self.limits.time.as_secs().max(1).saturating_add(1).to_string(),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| sandbox_error(&e))?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| sandbox_error(&"no standard input"))?;
        let mut stdout = child
            .stdout
            .take()
            .ok_or_else(|| sandbox_error(&"no standard output"))?;
        let input = bytes.to_vec();
        // A child that dies early closes its input; the write error that follows is expected.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        // The text, and the answer's first line ("ok docx").
        let cap = self.limits.output_bytes + 16;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = Vec::new();
            let read = (&mut stdout).take(cap as u64 + 1).read_to_end(&mut out);
            let _ = tx.send(read.map(|_| out));
        });
        let answer = rx.recv_timeout(self.limits.time);
        if answer.is_err() || matches!(&answer, Ok(Ok(out)) if out.len() > cap) {
            let _ = child.kill();
        }
        let status = child.wait().map_err(|e| sandbox_error(&e))?;
        let _ = writer.join();
        let out = match answer {
            Ok(Ok(out)) => out,
            Ok(Err(e)) => return Err(sandbox_error(&e)),
            Err(_) => {
                return Err(ExtractError::TimedOut {
                    format,
                    seconds: self.limits.time.as_secs(),
                });
            }
        };
        if out.len() > cap {
            return Err(ExtractError::TooMuchText {
                format,
                limit: self.limits.output_bytes,
            });
        }
        match (status.code(), status.signal()) {
            (Some(0), _) => {
                let newline = out.iter().position(|&b| b == b'\n').unwrap_or(out.len());
                let head = std::str::from_utf8(&out[..newline]).unwrap_or("");
                let format = head
                    .strip_prefix("ok ")
                    .and_then(|f| serde_json::from_value(serde_json::Value::String(f.to_string())).ok())
                    .ok_or_else(|| sandbox_error(&"the worker's answer did not start with \"ok\""))?;
                let text = String::from_utf8(out[(newline + 1).min(out.len())..].to_vec())
                    .map_err(|_| sandbox_error(&"the worker's text was not UTF-8"))?;
                Ok(Extracted { format, text })
            }
            (Some(code), _) if code == i32::from(ANSWERED_ERROR) => {
                let body = out.strip_prefix(b"error\n").unwrap_or(&out);
                Err(serde_json::from_slice(body).map_err(|e| sandbox_error(&e))?)
            }
            // A Rust panic.
            (Some(101), _) => Err(ExtractError::Crashed { format }),
            // CPU time limit.
            (None, Some(24)) => Err(ExtractError::TimedOut {
                format,
                seconds: self.limits.time.as_secs(),
            }),
            // An allocation over the address-space limit aborts; the kernel's OOM killer kills.
            (None, Some(6 | 9)) => Err(ExtractError::OutOfMemory {
                format,
                limit_mib: self.limits.memory_mib,
            }),
            _ => Err(ExtractError::Crashed { format }),
        }
    }
}

/// The worker's side: caps itself, reads a document from standard input, answers on standard
/// output, and returns the exit code for the process to end with.
pub fn worker_main() -> std::process::ExitCode {
    let limit = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(default)
    };
    let memory = limit(MEMORY_ENV, Limits::default().memory_mib).saturating_mul(1024 * 1024);
    let cpu = limit(CPU_ENV, Limits::default().time.as_secs() + 1);
    // Limits that cannot be set are reported, not ignored: the parent would wait for a runaway.
    for (resource, value) in [
        (rlimit::Resource::AS, memory),
        (rlimit::Resource::CPU, cpu),
        (rlimit::Resource::CORE, 0),
    ] {
        if let Err(e) = rlimit::setrlimit(resource, value, value) {
            return answer_error(&ExtractError::Sandbox {
                detail: format!("could not limit {resource:?}: {e}"),
            });
        }
    }
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut input)
    {
        return answer_error(&ExtractError::Sandbox {
            detail: format!("reading the document: {e}"),
        });
    }
    match extract(&input) {
        Ok(Extracted { format, text }) => {
            let mut out = std::io::stdout().lock();
            let code = serde_json::to_value(format)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let written = writeln!(out, "ok {code}")
                .and_then(|()| out.write_all(text.as_bytes()))
                .and_then(|()| out.flush());
            if written.is_err() {
                std::process::ExitCode::FAILURE
            } else {
                std::process::ExitCode::SUCCESS
            }
        }
        Err(e) => answer_error(&e),
    }
}

fn answer_error(e: &ExtractError) -> std::process::ExitCode {
    let mut out = std::io::stdout().lock();
    let body = serde_json::to_string(e).unwrap_or_else(|_| "{}".to_string());
    let _ = write!(out, "error\n{body}");
    let _ = out.flush();
    std::process::ExitCode::from(ANSWERED_ERROR)
}
