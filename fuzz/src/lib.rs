//! Shared by the fuzz targets: a line-aware mutator and cross-over for text inputs, splicing in
//! lines and cells of the bundled documents (`corpus/*.txt`, `tests/data/pdf/*.tsv`).

/// The documents whose lines and cells are spliced into inputs.
pub const DOCUMENTS: &[&str] = &[
    include_str!("../../corpus/000_0dcf8c9dd007b5ab.txt"),
    include_str!("../../corpus/001_e85a03c2c6247dbf.txt"),
    include_str!("../../corpus/002_f2a32088158c6f8a.txt"),
    include_str!("../../corpus/003_6e56c5aafac9f5fa.txt"),
    include_str!("../../corpus/004_a3074577755b48d0.txt"),
    include_str!("../../tests/data/pdf/kiso_fixture.tsv"),
    include_str!("../../tests/data/pdf/zenkomoku_fixture.tsv"),
];

/// A small deterministic generator (libFuzzer hands the seed).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u32) -> Self {
        Rng(u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        if n == 0 {
            0
        } else {
            (self.0 % n as u64) as usize
        }
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A random line of a bundled document (at most 1 KiB of it).
fn pool_line(rng: &mut Rng) -> Vec<u8> {
    let doc = DOCUMENTS[rng.below(DOCUMENTS.len())];
    let lines: Vec<&str> = doc.lines().collect();
    cut(lines[rng.below(lines.len())], 1024).as_bytes().to_vec()
}

/// A random cell of a bundled document.
fn pool_cell(rng: &mut Rng) -> Vec<u8> {
    let line = pool_line(rng);
    let cells: Vec<&[u8]> = line.split(|&b| b == b'\t').collect();
    cells[rng.below(cells.len())].to_vec()
}

fn split_lines(data: &[u8]) -> Vec<Vec<u8>> {
    data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

/// One line-level edit of `data[..size]`: delete, duplicate, swap or move lines, splice in a
/// line or a cell of a bundled document, split a row at a tab or join two rows. Returns the
/// new size (at most `max_size`), or `None` when the edit did not apply.
pub fn mutate_lines(data: &mut [u8], size: usize, max_size: usize, rng: &mut Rng) -> Option<usize> {
    let mut lines = split_lines(&data[..size]);
    let n = lines.len();
    match rng.below(8) {
        0 if n > 1 => {
            let at = rng.below(n);
            let k = (1 + rng.below(4)).min(n - at);
            lines.drain(at..at + k);
        }
        1 => {
            let at = rng.below(n);
            let line = lines[at].clone();
            lines.insert(rng.below(n + 1), line);
        }
        2 if n > 1 => {
            let (a, b) = (rng.below(n), rng.below(n));
            lines.swap(a, b);
        }
        3 if n > 2 => {
            let at = rng.below(n);
            let k = (1 + rng.below(8)).min(n - at);
            let block: Vec<Vec<u8>> = lines.drain(at..at + k).collect();
            let to = rng.below(lines.len() + 1);
            for (i, line) in block.into_iter().enumerate() {
                lines.insert(to + i, line);
            }
        }
        4 | 5 => {
            let line = pool_line(rng);
            lines.insert(rng.below(n + 1), line);
        }
        6 => {
            let at = rng.below(n);
            let mut cells: Vec<Vec<u8>> = lines[at]
                .split(|&b| b == b'\t')
                .map(<[u8]>::to_vec)
                .collect();
            let c = rng.below(cells.len() + 1);
            let cell = pool_cell(rng);
            if c == cells.len() {
                cells.push(cell);
            } else {
                cells[c] = cell;
            }
            lines[at] = cells.join(&b'\t');
        }
        _ => {
            let at = rng.below(n);
            if let Some(tab) = lines[at].iter().position(|&b| b == b'\t') {
                let rest = lines[at].split_off(tab + 1);
                lines[at].pop();
                lines.insert(at + 1, rest);
            } else if at + 1 < n {
                let next = lines.remove(at + 1);
                lines[at].push(b'\t');
                lines[at].extend(next);
            } else {
                return None;
            }
        }
    }
    let out = lines.join(&b'\n');
    let len = out.len().min(max_size);
    data[..len].copy_from_slice(&out[..len]);
    Some(len)
}

/// Cross-over at line ends: the first lines of one input, then the last lines of the other.
pub fn cross_lines(a: &[u8], b: &[u8], out: &mut [u8], rng: &mut Rng) -> usize {
    let (a, b) = (split_lines(a), split_lines(b));
    let head = rng.below(a.len() + 1);
    let tail = rng.below(b.len() + 1);
    let mut joined = a[..head].to_vec();
    joined.extend_from_slice(&b[tail..]);
    let bytes = joined.join(&b'\n');
    let len = bytes.len().min(out.len());
    out[..len].copy_from_slice(&bytes[..len]);
    len
}

/// The contract's invariants on a parsed document (the same checks as `tests/properties.rs`):
/// a found answer is not null and a missing one carries no answer, every value has its item's
/// shape, coverage is a ratio of accounted to total characters, and the document serializes.
pub fn check_document(doc: &hyoka::Document) {
    use hyoka::{ItemType, Status, Value};
    for item in &doc.items {
        match item.status {
            Status::Ok | Status::Inferred => assert!(
                !item.value.is_null(),
                "{} has status {:?} but a null value",
                item.id,
                item.status
            ),
            Status::Missing | Status::Ambiguous | Status::Invalid => assert!(
                match &item.value {
                    Value::Null | Value::Checkbox(None) => true,
                    Value::CheckboxSet(opts) => opts.iter().all(|o| o.checked.is_none()),
                    _ => false,
                },
                "{} has status {:?} but a definite value {:?}",
                item.id,
                item.status,
                item.value
            ),
        }
        assert!(
            matches!(
                (item.kind, &item.value),
                (_, Value::Null)
                    | (ItemType::Choice, Value::Choice(_))
                    | (ItemType::Checkbox, Value::Checkbox(_))
                    | (ItemType::CheckboxSet, Value::CheckboxSet(_))
                    | (ItemType::Text | ItemType::Date, Value::Text(_))
                    | (ItemType::Count, Value::Count(_))
            ),
            "{} of type {:?} has a value of another shape: {:?}",
            item.id,
            item.kind,
            item.value
        );
    }
    let cov = &doc.coverage;
    assert!(
        (0.0..=1.0).contains(&cov.ratio),
        "coverage ratio {}",
        cov.ratio
    );
    assert!(cov.accounted_chars <= cov.total_chars, "accounted > total");
    serde_json::to_string(doc).expect("the document serializes");
}
