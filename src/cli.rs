//! Argument parsing, progress display and exit codes for the `hyoka` binary.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use hyoka::ingest::pdf::Backend;
use hyoka::{batch, emit, Options, Rendering};

/// Turns published 特定個人情報保護評価書 into typed JSON.
#[derive(Parser)]
#[command(name = "hyoka", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse one document and print its JSON on stdout.
    Parse {
        /// The document (text in any supported encoding).
        file: PathBuf,
        /// Force the rendering instead of detecting it.
        #[arg(long, value_enum)]
        rendering: Option<RenderingArg>,
        /// One line of JSON instead of pretty-printed.
        #[arg(long)]
        compact: bool,
        /// PDF backend: hayro (default) or pdf-extract.
        #[arg(long, value_enum, default_value = "hayro")]
        pdf_backend: BackendArg,
        /// Seconds the PDF reader may take.
        #[arg(long, default_value_t = 60.0, value_name = "SECONDS")]
        time_limit: f64,
    },
    /// Parse many documents in parallel and write the outputs to a folder. Unchanged inputs
    /// (same bytes, hyoka version and options) are not read again.
    Run {
        /// Files and folders (folders are searched recursively). Default: the bundled `corpus/`.
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Documents read at once (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Read every input again, changed or not.
        #[arg(long)]
        force: bool,
        /// Only the inputs of shard I of N (0 ≤ I < N, by a hash of each input's relative path).
        #[arg(long, value_name = "I/N")]
        shard: Option<batch::Shard>,
        /// Seconds one document may take before its worker is stopped.
        #[arg(long, default_value_t = 60.0, value_name = "SECONDS")]
        time_limit: f64,
        /// Memory (MiB of address space) one worker may use.
        #[arg(long, default_value_t = 4096, value_name = "MIB")]
        memory_limit: u64,
        /// Read documents in this process's threads instead of worker processes (faster to
        /// start; a crash in a dependency then ends the run, and text has no time limit).
        #[arg(long)]
        in_process: bool,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        /// PDF backend: hayro (default) or pdf-extract.
        #[arg(long, value_enum, default_value = "hayro")]
        pdf_backend: BackendArg,
    },
    /// Combine the output folders of several runs (e.g. shards) into one, as a single run
    /// over all their inputs would have written it.
    Merge {
        /// Output folders of `hyoka run`.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Serve documents to a batch (internal: started by `hyoka run`).
    #[command(hide = true)]
    Worker {
        /// Address-space limit in bytes.
        #[arg(long)]
        memory_limit: Option<u64>,
    },
    /// Print the text the parser reads: the decoded text, or a PDF's reconstructed rows
    /// (tab-separated cells, pages separated by form feeds).
    Text {
        /// The document.
        file: PathBuf,
        /// PDF backend: hayro (default) or pdf-extract.
        #[arg(long, value_enum, default_value = "hayro")]
        pdf_backend: BackendArg,
    },
    /// Print the JSON Schema of the output contract.
    Schema,
}

#[derive(Clone, Copy, ValueEnum)]
enum RenderingArg {
    TsvHtml,
    Markdown,
    Pdftotext,
}

#[derive(Clone, Copy, ValueEnum)]
enum BackendArg {
    Hayro,
    PdfExtract,
}

impl From<BackendArg> for Backend {
    fn from(b: BackendArg) -> Backend {
        match b {
            BackendArg::Hayro => Backend::Hayro,
            BackendArg::PdfExtract => Backend::PdfExtract,
        }
    }
}

impl From<RenderingArg> for Rendering {
    fn from(r: RenderingArg) -> Rendering {
        match r {
            RenderingArg::TsvHtml => Rendering::TsvHtml,
            RenderingArg::Markdown => Rendering::Markdown,
            RenderingArg::Pdftotext => Rendering::Pdftotext,
        }
    }
}

/// Runs the command line; returns the exit code (0 ok, 1 a document failed, 2 usage/I/O).
pub fn main() -> i32 {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("hyoka: {e:#}");
            2
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Text { file, pdf_backend } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let label = file.display().to_string();
            let options = Options {
                pdf_backend: pdf_backend.into(),
                ..Options::default()
            };
            let text =
                hyoka::read_text(&bytes, &label, &options).map_err(|e| anyhow::anyhow!("{e}"))?;
            print!("{text}");
            Ok(0)
        }
        Command::Schema => {
            println!("{}", emit::schema_json());
            Ok(0)
        }
        Command::Parse {
            file,
            rendering,
            compact,
            pdf_backend,
            time_limit,
        } => {
            if !(time_limit > 0.0 && time_limit.is_finite()) {
                anyhow::bail!("--time-limit must be a positive number of seconds");
            }
            let options = Options {
                rendering: rendering.map(Into::into),
                pdf_backend: pdf_backend.into(),
                pdf_time_limit: Some(std::time::Duration::from_secs_f64(time_limit)),
            };
            match hyoka::parse_file(&file, &options) {
                Ok(doc) => {
                    let json = if compact {
                        serde_json::to_string(&doc)?
                    } else {
                        emit::to_json(&doc)?
                    };
                    println!("{json}");
                    Ok(0)
                }
                Err(e) => {
                    eprintln!("hyoka: {e}");
                    Ok(1)
                }
            }
        }
        Command::Worker { memory_limit } => {
            batch::worker::serve(memory_limit)?;
            Ok(0)
        }
        Command::Merge { parts, out, quiet } => {
            let bar = progress_bar(quiet, 0);
            let report = batch::merge(&parts, &out, &|e| show(&bar, e))?;
            bar.finish_and_clear();
            eprintln!("{} → {}", report.stats.summary(), out.display());
            Ok(if report.stats.failed > 0 { 1 } else { 0 })
        }
        Command::Run {
            paths,
            out,
            jobs,
            force,
            shard,
            time_limit,
            memory_limit,
            in_process,
            quiet,
            pdf_backend,
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from("corpus")]
            } else {
                paths
            };
            let inputs = batch::collect_inputs(&paths)?;
            if inputs.is_empty() {
                anyhow::bail!(
                    "no input documents found in {}",
                    paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if !(time_limit > 0.0 && time_limit.is_finite()) {
                anyhow::bail!("--time-limit must be a positive number of seconds");
            }
            let mut config = batch::Config::new(out.clone());
            if let Some(n) = jobs {
                config.jobs = n.max(1);
            }
            config.force = force;
            config.options.pdf_backend = pdf_backend.into();
            config.shard = shard;
            config.time_limit = std::time::Duration::from_secs_f64(time_limit);
            config.memory_limit = Some(memory_limit.saturating_mul(1 << 20));
            config.isolation = if in_process {
                batch::Isolation::InProcess
            } else {
                batch::Isolation::Process {
                    exe: std::env::current_exe().context("locating the hyoka executable")?,
                }
            };
            let bar = progress_bar(quiet, inputs.len() as u64);
            let report = batch::run(&inputs, &config, &|e| show(&bar, e))?;
            bar.finish_and_clear();
            if bar.is_hidden() {
                for e in &report.failures {
                    if let Some(f) = &e.failure {
                        eprintln!("failed: {}", f.message);
                    }
                }
            }
            let kept = if report.skipped > 0 {
                format!(" ({} read, {} unchanged)", report.parsed, report.skipped)
            } else {
                String::new()
            };
            eprintln!("{}{kept} → {}", report.stats.summary(), out.display());
            Ok(if report.stats.failed > 0 { 1 } else { 0 })
        }
    }
}

/// A progress bar on a terminal, hidden otherwise or with `--quiet`.
fn progress_bar(quiet: bool, len: u64) -> ProgressBar {
    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(len)
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Shows a batch event on the progress bar.
fn show(bar: &ProgressBar, event: batch::Event<'_>) {
    match event {
        batch::Event::Parsed(e) => {
            if let Some(f) = &e.failure {
                bar.println(format!("failed: {}", f.message));
            }
            bar.inc(1);
        }
        batch::Event::Skipped(_) => bar.inc(1),
        batch::Event::Writing(done, all) => {
            if bar.message() != "writing tables" {
                bar.set_length(all as u64);
                bar.set_message("writing tables");
            }
            bar.set_position(done as u64);
        }
    }
}
