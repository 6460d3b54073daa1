//! Worker processes: each document is read in a child process, so that nothing a document
//! does — a panic, a stack overflow, an abort in a dependency, runaway memory or time — costs
//! more than that document.
//!
//! The parent ([`Worker`]) starts `hyoka` with the hidden `worker` command and sends it one
//! [`Request`] per line on stdin; the child ([`serve`]) parses the file, writes the document
//! JSON atomically where the request says and answers one [`Response`] line on stdout. The
//! parent waits at most the time limit for the answer, then kills the child; a child that
//! dies is reported as `worker_crashed` with its exit status, and the next document gets a
//! fresh child. The child limits its own address space (`RLIMIT_AS`) where the platform has
//! it.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::manifest::Failure;
use crate::model::Rendering;
use crate::Options;

/// One document to read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// The input file.
    pub input: PathBuf,
    /// Where to write the document's JSON.
    pub doc: PathBuf,
    /// A forced rendering.
    pub rendering: Option<Rendering>,
    /// The PDF reader's own time limit, in milliseconds.
    pub pdf_time_limit_ms: u64,
    /// The PDF backend.
    #[serde(default)]
    pub pdf_backend: crate::ingest::pdf::Backend,
}

/// What came of a request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Response {
    /// Why there is no document (`None`: the document was written).
    pub failure: Option<Failure>,
}

/// Parses one request in this process and writes its document (used by the child, and by
/// in-process batches).
pub fn handle(req: &Request) -> Response {
    let options = Options {
        rendering: req.rendering,
        pdf_time_limit: Some(Duration::from_millis(req.pdf_time_limit_ms)),
        pdf_backend: req.pdf_backend,
    };
    let failure = match super::parse_guarded(&req.input, &options) {
        Ok(doc) => crate::emit::to_json(&doc)
            .and_then(|json| crate::emit::write_atomic(&req.doc, json.as_bytes()))
            .err()
            .map(|e| Failure::of(&e)),
        Err(e) => Some(Failure::of(&e)),
    };
    Response { failure }
}

/// The child's loop: one request per stdin line, one response per stdout line, until stdin
/// closes. `memory_limit` (bytes) caps the address space where the platform allows it.
pub fn serve(memory_limit: Option<u64>) -> std::io::Result<()> {
    // Panics are caught and reported per document; they are not printed on stderr.
    std::panic::set_hook(Box::new(|_| {}));
    if let Some(bytes) = memory_limit {
        limit_memory(bytes);
    }
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line?;
        let response = match serde_json::from_str::<Request>(&line) {
            Ok(req) => handle(&req),
            Err(e) => Response {
                failure: Some(Failure {
                    code: "internal".into(),
                    stage: "ingest".into(),
                    message: format!("bad worker request: {e}"),
                    line: None,
                }),
            },
        };
        let mut out = serde_json::to_string(&response).unwrap_or_else(|_| "{}".into());
        out.push('\n');
        stdout.write_all(out.as_bytes())?;
        stdout.flush()?;
    }
    Ok(())
}

#[cfg(unix)]
fn limit_memory(bytes: u64) {
    let lim = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass and changes only this process's limit.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &lim);
    }
}

#[cfg(not(unix))]
fn limit_memory(_bytes: u64) {}

/// A child process serving requests, as seen from the parent.
pub struct Worker {
    exe: PathBuf,
    memory_limit: Option<u64>,
    running: Option<Running>,
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

impl Worker {
    /// A worker that runs `exe worker` (started on first use).
    pub fn new(exe: &Path, memory_limit: Option<u64>) -> Worker {
        Worker {
            exe: exe.to_path_buf(),
            memory_limit,
            running: None,
        }
    }

    fn start(&self) -> std::io::Result<Running> {
        let mut cmd = Command::new(&self.exe);
        cmd.arg("worker");
        if let Some(m) = self.memory_limit {
            cmd.arg("--memory-limit").arg(m.to_string());
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Running {
            child,
            stdin,
            lines,
        })
    }

    /// Sends a request and waits at most `limit` for its answer.
    pub fn run(&mut self, req: &Request, limit: Duration) -> Response {
        let fail = |code: &str, message: String| Response {
            failure: Some(Failure {
                code: code.into(),
                stage: "ingest".into(),
                message,
                line: None,
            }),
        };
        if self.running.is_none() {
            match self.start() {
                Ok(r) => self.running = Some(r),
                Err(e) => {
                    return fail(
                        "worker_crashed",
                        format!("could not start a worker ({}): {e}", self.exe.display()),
                    )
                }
            }
        }
        let Some(running) = self.running.as_mut() else {
            return fail("worker_crashed", "no worker".into());
        };
        let mut line = serde_json::to_string(req).unwrap_or_default();
        line.push('\n');
        let sent = running
            .stdin
            .write_all(line.as_bytes())
            .and_then(|()| running.stdin.flush());
        let answer = match sent {
            Ok(()) => running.lines.recv_timeout(limit),
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        match answer {
            Ok(line) => serde_json::from_str(&line)
                .unwrap_or_else(|e| fail("internal", format!("bad worker response: {e}"))),
            Err(RecvTimeoutError::Timeout) => {
                self.stop();
                fail(
                    "time_limit",
                    format!(
                        "{}: stopped after the time limit of {:.1} s",
                        req.input.display(),
                        limit.as_secs_f64()
                    ),
                )
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.stop();
                fail(
                    "worker_crashed",
                    format!(
                        "{}: the worker reading it died ({status}); the batch goes on",
                        req.input.display()
                    ),
                )
            }
        }
    }

    /// Kills the child (if any) and returns how it ended.
    fn stop(&mut self) -> String {
        let Some(mut r) = self.running.take() else {
            return "not running".into();
        };
        let _ = r.child.kill();
        match r.child.wait() {
            Ok(status) => describe(status),
            Err(e) => e.to_string(),
        }
    }
}

fn describe(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            let name = match sig {
                6 => "SIGABRT: abort, e.g. a stack overflow",
                9 => "SIGKILL: killed, e.g. out of memory",
                11 => "SIGSEGV",
                _ => "signal",
            };
            return format!("{name} ({sig})");
        }
    }
    status.to_string()
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut r) = self.running.take() {
            drop(r.stdin);
            let _ = r.child.wait();
        }
    }
}
