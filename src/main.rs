//! The `hyoka` command: a thin shell over the library.

mod cli;

/// Parsing makes many small strings (cells, keys, values); mimalloc serves them faster than
/// the system allocator (BENCHMARKS.md, "Text pipeline speed").
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
