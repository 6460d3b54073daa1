//! The output contract: the typed record one input document becomes.
//!
//! Every type here derives `Serialize` and `JsonSchema`; `hyoka schema` prints the schema
//! generated from them, so the JSON Schema can never drift from the code. The contract is
//! versioned by [`SCHEMA_VERSION`]; a field is only ever added in a minor version.
//!
//! ```
//! use hyoka::{parse_bytes, Options};
//! let doc = parse_bytes("特定個人情報保護評価書(基礎項目評価書)\n".as_bytes(), "x.txt", &Options::default()).unwrap();
//! assert_eq!(doc.schema_version, hyoka::SCHEMA_VERSION);
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the JSON contract written in every document's `schema_version`.
pub const SCHEMA_VERSION: &str = "1.4.0";

/// One parsed 評価書.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// Contract version, see [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// Where the text came from and how it was read.
    pub source: Source,
    /// Which form (様式) the document is, and which version of it.
    pub form: Form,
    /// The cover page: number, title, issuing body, publication date.
    pub header: Header,
    /// The issuing body resolved against the 全国地方公共団体コード table (added in 1.2.0).
    #[serde(default)]
    pub body: Option<crate::bodies::Body>,
    /// The 事務 category of the document (added in 1.2.0).
    #[serde(default)]
    pub category: Option<crate::categories::Category>,
    /// One entry per item of the form version's catalog, in form order.
    pub items: Vec<Item>,
    /// Rows of the 変更箇所 table. Evidence of past answers, never current state.
    pub change_history: Vec<ChangeRow>,
    /// Attachments: 別添 (事務の内容, 特定個人情報ファイル記録項目) and 別紙 tables.
    pub attachments: Vec<Attachment>,
    /// Everything that could not be read with confidence, and why.
    pub diagnostics: Vec<Diagnostic>,
    /// How much of the source text is accounted for, and what was not.
    pub coverage: Coverage,
}

/// Provenance of the input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The path as given on the command line (or the label given to the library).
    pub path: String,
    /// SHA-256 (hex) of the decoded UTF-8 text, so the same document in any encoding has the
    /// same hash.
    pub sha256: String,
    /// How the text is laid out.
    pub rendering: Rendering,
    /// The encoding the bytes were decoded from (`UTF-8`, `Shift_JIS`, `EUC-JP`, `UTF-16LE`, …).
    pub encoding: String,
    /// Number of pages, where the input has pages (PDF, or form feeds in text).
    pub page_count: Option<u32>,
    /// Number of lines in the decoded text.
    pub line_count: u32,
}

/// The layout family of the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rendering {
    /// Tab-separated rows with HTML fragments in cells.
    TsvHtml,
    /// Markdown headings and pipe tables (possibly mixed with TSV rows and HTML).
    Markdown,
    /// Raw `pdftotext` output: no cell structure, reading order may be scrambled.
    Pdftotext,
    /// A PDF read by hyoka itself.
    Pdf,
}

/// The three form kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum FormKind {
    /// 基礎項目評価書 (様式2).
    #[serde(rename = "基礎")]
    Kiso,
    /// 重点項目評価書 (様式3).
    #[serde(rename = "重点")]
    Juten,
    /// 全項目評価書 (様式4).
    #[serde(rename = "全項目")]
    Zenkomoku,
}

impl FormKind {
    /// The name used in the contract (`基礎`, `重点`, `全項目`).
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Kiso => "基礎",
            FormKind::Juten => "重点",
            FormKind::Zenkomoku => "全項目",
        }
    }
}

/// Form recognition result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Form {
    /// The form kind, or null when it could not be recognized.
    pub kind: Option<FormKind>,
    /// The catalog version id (e.g. `h31` for 平成31年1月 様式2, `r6` for the 令和6年 layout).
    pub version: Option<String>,
    /// The printed version stamp, e.g. `平成31年1月 様式2`, when the document has one.
    pub stamp: Option<String>,
    /// The 様式 edition the stamp names, as its era year (`h26`, `h28`, `h30`, `h31`, `r6`),
    /// whether or not a catalog version covers it; null without a stamp (added in 1.3.0).
    #[serde(default)]
    pub edition: Option<String>,
    /// Ids of the form's items that this version does not have (another version of the form
    /// asks them): absent by the form's edition, not missing from the document, and not in
    /// `items` (added in 1.4.0).
    #[serde(default)]
    pub absent_items: Vec<String>,
    /// What the kind and version were recognized from.
    pub basis: Vec<String>,
}

/// The cover page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Header {
    /// 評価書番号.
    pub number: Option<String>,
    /// 評価書名.
    pub title: Option<String>,
    /// 評価実施機関名.
    pub organization: Organization,
    /// 公表日.
    pub published: Published,
    /// The cover marks the document as a draft (`(案)`, `(素案)`): its 評価書番号 and 公表日
    /// are usually blank (added in 1.3.0).
    #[serde(default)]
    pub draft: bool,
}

/// 評価実施機関名, split into its parts where they can be told apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Organization {
    /// The name as printed (normalized).
    pub raw: Option<String>,
    /// 都道府県, e.g. `山口県`.
    pub prefecture: Option<String>,
    /// 市区町村, e.g. `防府市`.
    pub municipality: Option<String>,
    /// The office within the body, e.g. `市長`, `教育委員会`, `後期高齢者医療広域連合`.
    pub office: Option<String>,
}

/// 公表日.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Published {
    /// ISO date (`YYYY-MM-DD` or `YYYY-MM`).
    pub date: Option<String>,
    /// The date as printed.
    pub raw: Option<String>,
}

/// One item of the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Item {
    /// Stable ASCII id: the same question has the same id in every version of the form.
    pub id: String,
    /// The item's position in this version of the form, e.g. `IV.9`.
    pub path: String,
    /// Canonical label from the catalog.
    pub label: String,
    /// Value type.
    #[serde(rename = "type")]
    pub kind: ItemType,
    /// The answer; its shape depends on `type`. Null when missing, ambiguous or invalid.
    pub value: Value,
    /// How far the value can be trusted.
    pub status: Status,
    /// For items of repeated blocks (システム1..N, 委託事項1..N, …).
    pub group: Option<Group>,
    /// Where the value was read.
    pub source: Option<SourceRef>,
}

/// Item value types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    /// One of a fixed choice list (`[ 値 ]` + `<選択肢>`).
    Choice,
    /// A single check box.
    Checkbox,
    /// Several independent check boxes.
    CheckboxSet,
    /// Free text.
    Text,
    /// An (era) date.
    Date,
    /// An integer count (`( n ) 件`).
    Count,
}

/// An item's value. Serialized untagged; its shape is given by the item's `type`.
/// Deserialized by the JSON shape (null, boolean, integer, string, array, object) in one pass,
/// not by trying each variant in turn.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Value {
    /// No value.
    Null,
    /// `choice`: the selected entry of the item's own choice list.
    Choice(ChoiceValue),
    /// `checkbox`: checked / unchecked / unknown (null).
    Checkbox(Option<bool>),
    /// `checkbox_set`: every option with its state.
    CheckboxSet(Vec<CheckOption>),
    /// `count`.
    Count(i64),
    /// `text` (normalized; lines joined with `\n`) or `date` (`YYYY-MM-DD` / `YYYY-MM`).
    Text(String),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = Value;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("null, a boolean, an integer, a string, an array or an object")
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
                Ok(Value::Checkbox(Some(b)))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
                Ok(Value::Count(n))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Value, E> {
                i64::try_from(n)
                    .map(Value::Count)
                    .map_err(|_| E::custom("count out of range"))
            }
            fn visit_str<E>(self, s: &str) -> Result<Value, E> {
                Ok(Value::Text(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Value, E> {
                Ok(Value::Text(s))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
                Vec::<CheckOption>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(Value::CheckboxSet)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
                ChoiceValue::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Value::Choice)
            }
        }
        d.deserialize_any(Shape)
    }
}

impl Value {
    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A selected choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChoiceValue {
    /// 1-based number of the choice in the item's list.
    pub index: u32,
    /// Canonical text of that choice (from the catalog).
    pub text: String,
}

/// One option of a checkbox set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CheckOption {
    /// Canonical option label.
    pub option: String,
    /// Checked, unchecked, or null when the markup cannot be trusted.
    pub checked: Option<bool>,
    /// Filled-in text of an option printed `その他 ( … )`.
    pub text: Option<String>,
}

/// How far a value can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Read directly from the item's own row.
    Ok,
    /// Not present in the document (or present without an answer).
    Missing,
    /// Present, but more than one reading is possible; see diagnostics.
    Ambiguous,
    /// Present, but the value does not fit the item (e.g. not in its choice list).
    Invalid,
    /// Recovered indirectly (re-paired, realigned); a diagnostic says how.
    Inferred,
}

impl Status {
    /// The name used in the JSON (`ok`, `missing`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Missing => "missing",
            Status::Ambiguous => "ambiguous",
            Status::Invalid => "invalid",
            Status::Inferred => "inferred",
        }
    }
}

/// Membership of a repeated block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Group {
    /// Block name, e.g. `システム`, `委託事項`.
    pub name: String,
    /// Number as printed.
    pub index: u32,
}

/// Where something was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SourceRef {
    /// 1-based line in the decoded text.
    pub line: u32,
    /// 1-based page, where the input has pages.
    pub page: Option<u32>,
    /// The source text the value was read from (normalized, shortened to 400 characters).
    pub raw: String,
}

/// A row of the 変更箇所 table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChangeRow {
    /// 変更日, ISO.
    pub date: Option<String>,
    /// 変更日 as printed.
    pub date_raw: Option<String>,
    /// 項目 (the path of the changed item, as printed).
    pub item: Option<String>,
    /// 変更前の記載.
    pub before: Option<String>,
    /// 変更後の記載.
    pub after: Option<String>,
    /// 提出時期: `事前` or `事後`.
    pub timing: Option<String>,
    /// 提出時期に係る説明.
    pub reason: Option<String>,
    /// First source line of the row.
    pub line: u32,
}

/// An attachment (別添, 別紙) of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Attachment {
    /// The 別添 number (`(別添2)` → 2); null for 別紙.
    pub number: Option<u32>,
    /// What it is: `事務の内容`, `特定個人情報ファイル記録項目`, `別紙`, or the printed title.
    pub kind: String,
    /// The heading as printed (normalized).
    pub title: String,
    /// First and last source line.
    pub start_line: u32,
    /// Last source line.
    pub end_line: u32,
    /// 1-based occurrence of this attachment in the document: a document that prints the
    /// same attachment twice (in two versions) keeps both, numbered, and says so in a
    /// diagnostic; they are never merged.
    pub occurrence: u32,
    /// Text lines (事務の内容, notes), in order; figure captions (`図2.`) included.
    pub text: Vec<String>,
    /// Files with their record-item groups (特定個人情報ファイル記録項目).
    pub files: Vec<RecordFile>,
    /// Tables (別紙, Ⅱ-5別紙): column names and rows.
    pub tables: Vec<Table>,
}

/// A 特定個人情報ファイル and its recorded items.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordFile {
    /// File name as printed, when printed.
    pub name: Option<String>,
    /// Groups of items in printed order.
    pub groups: Vec<RecordGroup>,
}

/// A group of recorded items (`宛名情報`, `<資格関連情報>`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordGroup {
    /// Group name, when printed.
    pub name: Option<String>,
    /// Item names, numbering removed.
    pub items: Vec<String>,
}

/// A table with named columns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// Column names from the header row.
    pub columns: Vec<String>,
    /// Data rows, one cell per column.
    pub rows: Vec<Vec<String>>,
    /// Source line of the header row.
    pub line: u32,
}

/// Diagnostic severity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Something was recovered indirectly; worth knowing.
    Info,
    /// A value could not be read with confidence, or the source is damaged.
    Warning,
    /// The document (or a part of it) could not be processed.
    Error,
}

impl Level {
    /// The name used in the JSON (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A finding about the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// Severity.
    pub level: Level,
    /// Stable machine-readable code, e.g. `choice.no_selection`.
    pub code: String,
    /// The item path concerned, if any.
    pub path: Option<String>,
    /// 1-based source line, if any.
    pub line: Option<u32>,
    /// Human-readable explanation.
    pub message: String,
}

/// The migration check: how much of the source is accounted for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Coverage {
    /// Accounted characters / non-blank characters (0..=1).
    pub ratio: f64,
    /// Non-blank characters in the source (after normalization).
    pub total_chars: u64,
    /// Characters accounted for by items, labels, choice lists, change history and boilerplate.
    pub accounted_chars: u64,
    /// Runs of source lines that nothing accounts for.
    pub unmapped: Vec<Span>,
}

/// A run of source lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// First line (1-based).
    pub start_line: u32,
    /// Last line (inclusive).
    pub end_line: u32,
    /// The beginning of the text (normalized, at most 120 characters).
    pub excerpt: String,
}
