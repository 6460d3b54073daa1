//! Argument parsing, progress display and exit codes for the `hyoka` binary.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use hyoka::ingest::pdf::Backend;
use hyoka::{batch, emit, report, Options, Rendering};

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
    /// Write one self-contained HTML report (overview, answer charts, indicators, documents
    /// table, one page per document with its peers) of a run's output folder.
    Report {
        /// Output folder of `hyoka run`.
        out: PathBuf,
        /// The HTML file to write (default: OUT/report.html).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Compare two documents item by item (input files, or stored `docs/*.json`).
    Compare {
        /// First document.
        a: PathBuf,
        /// Second document.
        b: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// List equal items too.
        #[arg(long)]
        all: bool,
    },
    /// Compare one document's answers with its peers' (same form kind and 事務, same 対象人数
    /// band where known) in a run's output folder.
    Peers {
        /// The document (an input file, or a stored `docs/*.json`).
        doc: PathBuf,
        /// Output folder of `hyoka run` holding the peers.
        #[arg(long)]
        corpus: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the statistics and tables of a run's output folder from its stored documents
    /// and print the summary and the indicators.
    Stats {
        /// Output folder of `hyoka run`.
        out: PathBuf,
        /// Print `summary.json` instead of text.
        #[arg(long)]
        json: bool,
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
        // `hyoka parse x | head`: the reader went away; not an error of ours.
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("hyoka: {e:#}");
            2
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes to stdout, returning an error (not panicking) when stdout is closed.
fn out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
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
            out(&text)?;
            Ok(0)
        }
        Command::Schema => {
            out(&format!("{}\n", emit::schema_json()))?;
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
                    out(&format!("{json}\n"))?;
                    Ok(0)
                }
                Err(e) => {
                    eprintln!("hyoka: {e}");
                    Ok(1)
                }
            }
        }
        Command::Compare { a, b, json, all } => {
            let c = hyoka::compare::compare(&load_any(&a)?, &load_any(&b)?);
            if json {
                out(&format!("{}\n", serde_json::to_string_pretty(&c)?))?;
            } else {
                out(&c.to_text(all))?;
            }
            Ok(0)
        }
        Command::Peers { doc, corpus, json } => {
            let doc = load_any(&doc)?;
            if !corpus.join(batch::manifest::FILE).is_file() {
                anyhow::bail!("{}: not an output folder of `hyoka run`", corpus.display());
            }
            let report =
                hyoka::peers::PeerReport::new(&doc, emit::corpus::stored_documents(&corpus));
            if json {
                out(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
            } else {
                out(&report.to_text())?;
            }
            Ok(0)
        }
        Command::Stats { out, json } => {
            if !out.join(batch::manifest::FILE).is_file() {
                anyhow::bail!("{}: not an output folder of `hyoka run`", out.display());
            }
            let manifest = batch::manifest::Manifest::load(&out);
            let bar = progress_bar(json, manifest.entries.len() as u64);
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            let stats = emit::corpus::write(&out, &manifest, threads, &|done, _| {
                bar.set_position(done as u64)
            })?;
            bar.finish_and_clear();
            let summary = std::fs::read_to_string(out.join("summary.json"))?;
            if json {
                println!("{summary}");
            } else {
                println!("{}", stats.summary());
                let v: serde_json::Value = serde_json::from_str(&summary)?;
                for i in v["indicators"].as_array().into_iter().flatten() {
                    let value = i["value"].as_f64().map_or("—".to_string(), |x| {
                        if i["id"].as_str().is_some_and(|id| id.ends_with("_share")) {
                            format!("{:.1} %", x * 100.0)
                        } else {
                            format!("{x:.2}")
                        }
                    });
                    println!(
                        "{:<40} {:>10}  n={}",
                        i["name"].as_str().unwrap_or(""),
                        value,
                        i["n"]
                    );
                }
            }
            Ok(0)
        }
        Command::Worker { memory_limit } => {
            batch::worker::serve(memory_limit)?;
            Ok(0)
        }
        Command::Report { out, output, quiet } => {
            let dest = output.unwrap_or_else(|| out.join("report.html"));
            let bar = progress_bar(quiet, 0);
            let progress = |step: report::Step, done: usize, all: usize| {
                if bar.message() != step.as_str() {
                    bar.set_length(all as u64);
                    bar.set_message(step.as_str());
                }
                bar.set_position(done as u64);
            };
            let r = report::write(&out, &dest, &progress).map_err(|e| anyhow::anyhow!("{e}"))?;
            bar.finish_and_clear();
            for (key, why) in &r.skipped {
                eprintln!("not in the report: {key}: {why}");
            }
            eprintln!(
                "{} documents, {} charts → {}",
                r.documents,
                r.charts,
                dest.display()
            );
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

/// A document from an input file, or from a stored `docs/*.json`.
fn load_any(path: &std::path::Path) -> anyhow::Result<hyoka::Document> {
    if path.extension().is_some_and(|e| e == "json") {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        return serde_json::from_slice(&bytes)
            .with_context(|| format!("{}: not a hyoka document", path.display()));
    }
    hyoka::parse_file(path, &Options::default()).map_err(|e| anyhow::anyhow!("{e}"))
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
