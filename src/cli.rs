//! Argument parsing, progress display and exit codes for the `hyoka` binary.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

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
    },
    /// Parse many documents in parallel and write the outputs to a folder.
    Run {
        /// Files and folders (folders are searched recursively). Default: the bundled `corpus/`.
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Worker threads (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Print the text the parser reads: the decoded text, or a PDF's reconstructed rows
    /// (tab-separated cells, pages separated by form feeds).
    Text {
        /// The document.
        file: PathBuf,
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
        Command::Text { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let label = file.display().to_string();
            let text = hyoka::read_text(&bytes, &label, &Options::default())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
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
        } => {
            let options = Options {
                rendering: rendering.map(Into::into),
                ..Options::default()
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
        Command::Run {
            paths,
            out,
            jobs,
            quiet,
        } => {
            if let Some(n) = jobs {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
                    .context("setting up worker threads")?;
            }
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
            let bar = if quiet || !std::io::stderr().is_terminal() {
                ProgressBar::hidden()
            } else {
                ProgressBar::new(inputs.len() as u64)
            };
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let outcomes = batch::run(&inputs, &Options::default(), |o| {
                if let Err(e) = &o.result {
                    bar.println(format!("failed: {e}"));
                }
                bar.inc(1);
            });
            bar.finish_and_clear();
            if bar.is_hidden() {
                for o in &outcomes {
                    if let Err(e) = &o.result {
                        eprintln!("failed: {e}");
                    }
                }
            }
            let stats = emit::write_batch(&out, &outcomes)?;
            eprintln!("{} → {}", stats.summary(), out.display());
            Ok(if stats.failed > 0 { 1 } else { 0 })
        }
    }
}
