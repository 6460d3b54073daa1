//! One table written as CSV and Parquet side by side, row by row, into temporary files that
//! become visible only when the table is committed.
//!
//! A [`Schema`] names the columns and their types; [`TableWriter`] takes rows of [`Cell`]s,
//! streams the CSV, buffers at most [`ROW_GROUP`] rows for the Parquet file, and
//! [`TableWriter::finish`] returns the [`Staged`] files that the caller renames into place
//! together with the rest of a run's outputs.
//!
//! ```
//! use hyoka::emit::table::{Cell, ColumnType, Schema, TableWriter};
//! let dir = tempfile::tempdir().unwrap();
//! let schema = Schema::new("t", &[("name", ColumnType::Text), ("n", ColumnType::Integer)]);
//! let mut w = TableWriter::create(dir.path(), &schema).unwrap();
//! w.push(vec![Cell::from("a"), Cell::Int(1)]).unwrap();
//! w.finish().unwrap().commit().unwrap();
//! assert_eq!(std::fs::read_to_string(dir.path().join("t.csv")).unwrap(), "name,n\na,1\n");
//! assert!(dir.path().join("t.parquet").exists());
//! ```

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use super::Staged;
use crate::error::{Error, ErrorKind, Stage};

/// Rows buffered per Parquet row group.
pub const ROW_GROUP: usize = 16_384;

/// The type of a column; every column is nullable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// 64-bit integer.
    Integer,
    /// 64-bit float.
    Float,
    /// true / false.
    Boolean,
    /// A calendar date (`YYYY-MM-DD` in CSV, `DATE` in Parquet).
    Date,
}

impl ColumnType {
    /// The name used in the README's column tables.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Integer => "integer",
            ColumnType::Float => "float",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
        }
    }
}

/// A table's name (the file stem) and its columns.
#[derive(Debug, Clone)]
pub struct Schema {
    /// File stem: `documents` → `documents.csv`, `documents.parquet`.
    pub name: String,
    /// Column names (stable ASCII snake_case) and types, in order.
    pub columns: Vec<(String, ColumnType)>,
}

impl Schema {
    /// A schema from static column definitions.
    pub fn new(name: &str, columns: &[(&str, ColumnType)]) -> Schema {
        Schema {
            name: name.to_string(),
            columns: columns.iter().map(|(n, t)| (n.to_string(), *t)).collect(),
        }
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value.
    Null,
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Float.
    Float(f64),
    /// Boolean.
    Bool(bool),
    /// A date as `YYYY-MM-DD`; a partial or unreadable date is [`Cell::Null`].
    Date(String),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Null, Into::into)
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Cell {
        Cell::Bool(b)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Int(i64::from(n))
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Cell {
        Cell::Float(x)
    }
}

impl Cell {
    /// A date cell from `YYYY-MM-DD`; anything else (`YYYY-MM`, empty) is null.
    pub fn date(s: Option<&str>) -> Cell {
        match s {
            Some(d) if days_from_iso(d).is_some() => Cell::Date(d.to_string()),
            _ => Cell::Null,
        }
    }

    fn csv_text(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Cell::Null => Cow::Borrowed(""),
            Cell::Text(s) | Cell::Date(s) => Cow::Borrowed(s),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Float(x) => Cow::Owned(format!("{x}")),
            Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        }
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, if it is one.
pub(crate) fn days_from_iso(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (H. Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// A column's buffered values.
enum Buffer {
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Bool(Vec<Option<bool>>),
    Date(Vec<Option<i32>>),
}

impl Buffer {
    fn new(t: ColumnType) -> Buffer {
        match t {
            ColumnType::Text => Buffer::Text(Vec::new()),
            ColumnType::Integer => Buffer::Int(Vec::new()),
            ColumnType::Float => Buffer::Float(Vec::new()),
            ColumnType::Boolean => Buffer::Bool(Vec::new()),
            ColumnType::Date => Buffer::Date(Vec::new()),
        }
    }

    /// Appends a cell, converting it to the column's type (a mismatch is null).
    fn push(&mut self, cell: Cell) {
        match self {
            Buffer::Text(v) => v.push(match cell {
                Cell::Null => None,
                Cell::Text(s) | Cell::Date(s) => Some(s),
                other => Some(other.csv_text().into_owned()),
            }),
            Buffer::Int(v) => v.push(match cell {
                Cell::Int(n) => Some(n),
                _ => None,
            }),
            Buffer::Float(v) => v.push(match cell {
                Cell::Float(x) => Some(x),
                Cell::Int(n) => Some(n as f64),
                _ => None,
            }),
            Buffer::Bool(v) => v.push(match cell {
                Cell::Bool(b) => Some(b),
                _ => None,
            }),
            Buffer::Date(v) => v.push(match cell {
                Cell::Date(d) => days_from_iso(&d),
                _ => None,
            }),
        }
    }

    fn len(&self) -> usize {
        match self {
            Buffer::Text(v) => v.len(),
            Buffer::Int(v) => v.len(),
            Buffer::Float(v) => v.len(),
            Buffer::Bool(v) => v.len(),
            Buffer::Date(v) => v.len(),
        }
    }
}

/// Writes an optional column: its values and its definition levels (1 = present).
fn write_column<T: parquet::data_type::DataType>(
    col: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    values: &[Option<T::T>],
) -> Result<(), parquet::errors::ParquetError>
where
    T::T: Clone,
{
    let defs: Vec<i16> = values.iter().map(|x| i16::from(x.is_some())).collect();
    let present: Vec<T::T> = values.iter().flatten().cloned().collect();
    col.typed::<T>().write_batch(&present, Some(&defs), None)?;
    Ok(())
}

/// Writes one table as `<name>.csv` and `<name>.parquet`.
pub struct TableWriter {
    name: String,
    csv: csv::Writer<BufWriter<File>>,
    parquet: Option<SerializedFileWriter<BufWriter<File>>>,
    buffers: Vec<Buffer>,
    staged: Staged,
}

fn io_error(e: impl Into<std::io::Error>, path: &Path) -> Error {
    Error::new(
        ErrorKind::Io(e.into()),
        &path.display().to_string(),
        Stage::Emit,
    )
}

fn parquet_error(e: parquet::errors::ParquetError, path: &Path) -> Error {
    io_error(std::io::Error::other(e.to_string()), path)
}

impl TableWriter {
    /// Opens the temporary files for `schema` in `dir` and writes the CSV header.
    pub fn create(dir: &Path, schema: &Schema) -> Result<TableWriter, Error> {
        let mut staged = Staged::default();
        let csv_path = dir.join(format!("{}.csv", schema.name));
        let pq_path = dir.join(format!("{}.parquet", schema.name));
        let csv_tmp = staged.stage(&csv_path);
        let pq_tmp = staged.stage(&pq_path);
        let open = |p: &PathBuf| -> Result<BufWriter<File>, Error> {
            File::create(p)
                .map(BufWriter::new)
                .map_err(|e| io_error(e, p))
        };
        let mut csv = csv::Writer::from_writer(open(&csv_tmp)?);
        csv.write_record(schema.columns.iter().map(|(n, _)| n.as_str()))
            .map_err(|e| io_error(e, &csv_path))?;
        let fields = schema
            .columns
            .iter()
            .map(|(name, t)| {
                let (physical, logical, converted) = match t {
                    ColumnType::Text => (
                        Physical::BYTE_ARRAY,
                        Some(LogicalType::String),
                        ConvertedType::UTF8,
                    ),
                    ColumnType::Integer => (Physical::INT64, None, ConvertedType::NONE),
                    ColumnType::Float => (Physical::DOUBLE, None, ConvertedType::NONE),
                    ColumnType::Boolean => (Physical::BOOLEAN, None, ConvertedType::NONE),
                    ColumnType::Date => (
                        Physical::INT32,
                        Some(LogicalType::Date),
                        ConvertedType::DATE,
                    ),
                };
                Type::primitive_type_builder(name, physical)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_logical_type(logical)
                    .with_converted_type(converted)
                    .build()
                    .map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| parquet_error(e, &pq_path))?;
        let root = Type::group_type_builder("schema")
            .with_fields(fields)
            .build()
            .map_err(|e| parquet_error(e, &pq_path))?;
        let props = WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .set_created_by(format!("hyoka {}", env!("CARGO_PKG_VERSION")))
            .build();
        let parquet = SerializedFileWriter::new(open(&pq_tmp)?, Arc::new(root), Arc::new(props))
            .map_err(|e| parquet_error(e, &pq_path))?;
        Ok(TableWriter {
            name: schema.name.clone(),
            csv,
            parquet: Some(parquet),
            buffers: schema
                .columns
                .iter()
                .map(|(_, t)| Buffer::new(*t))
                .collect(),
            staged,
        })
    }

    /// Appends a row (one cell per column; missing cells are null, extra cells dropped).
    pub fn push(&mut self, row: Vec<Cell>) -> Result<(), Error> {
        let mut cells = row.into_iter();
        for b in &mut self.buffers {
            let cell = cells.next().unwrap_or(Cell::Null);
            self.csv
                .write_field(cell.csv_text().as_bytes())
                .map_err(|e| io_error(e, Path::new(&self.name)))?;
            b.push(cell);
        }
        self.csv
            .write_record(None::<&[u8]>)
            .map_err(|e| io_error(e, Path::new(&self.name)))?;
        if self.buffers.first().map_or(0, Buffer::len) >= ROW_GROUP {
            self.flush_row_group()?;
        }
        Ok(())
    }

    fn flush_row_group(&mut self) -> Result<(), Error> {
        let name = PathBuf::from(format!("{}.parquet", self.name));
        let err = |e| parquet_error(e, &name);
        let Some(writer) = self.parquet.as_mut() else {
            return Ok(());
        };
        if self.buffers.first().map_or(0, Buffer::len) == 0 {
            return Ok(());
        }
        let mut rg = writer.next_row_group().map_err(err)?;
        for buffer in &mut self.buffers {
            let Some(mut col) = rg.next_column().map_err(err)? else {
                break;
            };
            let writer = &mut col;
            match buffer {
                Buffer::Text(v) => {
                    let bytes: Vec<Option<ByteArray>> = std::mem::take(v)
                        .into_iter()
                        .map(|s| s.map(|s| ByteArray::from(s.into_bytes())))
                        .collect();
                    write_column::<ByteArrayType>(writer, &bytes)
                }
                Buffer::Int(v) => write_column::<Int64Type>(writer, &std::mem::take(v)),
                Buffer::Float(v) => write_column::<DoubleType>(writer, &std::mem::take(v)),
                Buffer::Bool(v) => write_column::<BoolType>(writer, &std::mem::take(v)),
                Buffer::Date(v) => write_column::<Int32Type>(writer, &std::mem::take(v)),
            }
            .map_err(err)?;
            col.close().map_err(err)?;
        }
        rg.close().map_err(err)?;
        Ok(())
    }

    /// Flushes and closes both files; returns them staged for [`Staged::commit`].
    pub fn finish(mut self) -> Result<Staged, Error> {
        let name = PathBuf::from(&self.name);
        self.csv.flush().map_err(|e| io_error(e, &name))?;
        self.flush_row_group()?;
        if let Some(w) = self.parquet.take() {
            w.close().map_err(|e| parquet_error(e, &name))?;
        }
        Ok(self.staged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_from_the_epoch() {
        assert_eq!(days_from_iso("1970-01-01"), Some(0));
        assert_eq!(days_from_iso("2025-12-26"), Some(20_448));
        assert_eq!(days_from_iso("2000-03-01"), Some(11_017));
        assert_eq!(days_from_iso("2025-12"), None);
        assert_eq!(days_from_iso("2025-13-01"), None);
        assert_eq!(days_from_iso("２０２５-01-01"), None);
    }
}
