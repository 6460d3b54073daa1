//! Era and Western date recognition: finds dates in text and converts them to ISO.
//!
//! 評価書 print dates in the Japanese era calendar (`令和7年3月14日`), sometimes with kanji
//! numerals (`平成二十七年十月一日`), a weekday (`(金)`), or as a range
//! (`令和7年3月14日(金)～4月14日(月)`, `…から…まで`); Western forms (`2024年1月5日`,
//! `2024/1/5`, `2024-01-05`) also occur. This module scans text with a small hand-written
//! scanner (no regular expressions), converts every date it recognises to an ISO string,
//! and reports dates that cannot exist — a day outside its era, `2月30日` — as problems
//! instead of guessing. Full-width digits, parentheses and tildes and ideographic spaces
//! are accepted even if the text was not width-folded first; byte offsets always refer to
//! the text as given.
//!
//! ```text
//! find_dates("公表日 令和7年3月14日(金)～4月14日(月)")
//!   -> one FoundDate, raw "令和7年3月14日(金)～4月14日(月)",
//!      iso "2025-03-14", end_iso Some("2025-04-14"), weekday_mismatch false
//! parse_whole("平成27年10月 時点")  -> iso "2015-10", Precision::Month
//! parse_whole("令和1年2月3日")      -> Err(DateProblem { reason: "令和 began on 2019-05-01" })
//! ```

/// Precision of a converted date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM`: the text named a month but no day.
    Month,
}

/// A successfully converted date (or range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateValue {
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub iso: String,
    /// Whether `iso` (and `end_iso`) name a day or a month.
    pub precision: Precision,
    /// End of a range, ISO, when the text was a range.
    pub end_iso: Option<String>,
    /// The printed weekday does not match the date.
    pub weekday_mismatch: bool,
}

/// A date in the text that cannot be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateProblem {
    /// Human-readable reason in English, e.g. "令和 began on 2019-05-01" or "2月30日 does not exist".
    pub reason: String,
}

/// One date occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range of the whole match (including weekday suffix and range end) in the input.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// The matched text.
    pub raw: String,
    /// The converted date, or why it cannot be converted.
    pub result: Result<DateValue, DateProblem>,
}

/// All dates in `text`, left to right, non-overlapping.
#[must_use]
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    scan(text, usize::MAX)
}

/// The first date in `text`, if any.
#[must_use]
pub fn first_date(text: &str) -> Option<FoundDate> {
    scan(text, 1).into_iter().next()
}

/// Parses a string that is *only* a date (surrounding whitespace and a trailing `時点` or `現在` allowed),
/// e.g. "令和7年10月1日 時点". None if the string holds anything else.
#[must_use]
pub fn parse_whole(text: &str) -> Option<FoundDate> {
    let found = first_date(text)?;
    if !text.get(..found.start)?.trim().is_empty() {
        return None;
    }
    match text.get(found.end..)?.trim() {
        "" | "時点" | "現在" => Some(found),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Input folding
// ---------------------------------------------------------------------------

/// The input as width-folded chars, with the byte offset of every char in the original text.
struct Folded {
    chars: Vec<char>,
    /// `offsets[i]` is the byte offset of `chars[i]`; one extra entry holds `text.len()`.
    offsets: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut offsets = Vec::with_capacity(text.len() + 1);
        for (at, ch) in text.char_indices() {
            chars.push(fold(ch));
            offsets.push(at);
        }
        offsets.push(text.len());
        Folded { chars, offsets }
    }

    /// Byte offset of char index `i` (the text length past the end).
    fn offset(&self, i: usize) -> usize {
        self.offsets
            .get(i)
            .or_else(|| self.offsets.last())
            .copied()
            .unwrap_or(0)
    }
}

/// Folds the full-width and variant forms the scanner accepts to their ASCII equivalents.
fn fold(ch: char) -> char {
    match ch {
        '０'..='９' => char::from_digit(ch as u32 - '０' as u32, 10).unwrap_or(ch),
        '（' => '(',
        '）' => ')',
        '～' | '〜' => '~',
        '／' => '/',
        '．' => '.',
        '－' => '-',
        '\u{3000}' | '\u{a0}' | '\t' => ' ',
        _ => ch,
    }
}

// ---------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Day of the week, 0 = Sunday … 6 = Saturday (Sakamoto's method, proleptic Gregorian).
fn weekday(year: i32, month: u32, day: u32) -> u32 {
    const OFFSETS: [i64; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = i64::from(year) - i64::from(month < 3);
    let t = OFFSETS
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or(0);
    let w = y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + t + i64::from(day);
    u32::try_from(w.rem_euclid(7)).unwrap_or(0)
}

/// A calendar day; `(year, month, day)` so that tuples compare chronologically.
type Ymd = (i32, u32, u32);

fn iso_day((y, m, d): Ymd) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

// ---------------------------------------------------------------------------
// Eras
// ---------------------------------------------------------------------------

#[derive(Debug, PartialEq, Eq)]
struct Era {
    name: &'static str,
    /// Gregorian year of the era's year 1 (元年).
    first_year: i32,
    /// First valid day. 明治 really began on 1868-01-25; we are lenient and accept all of 1868.
    first_day: Ymd,
    /// Last valid day; `None` for the current era.
    last_day: Option<Ymd>,
}

const ERAS: [Era; 5] = [
    Era {
        name: "明治",
        first_year: 1868,
        first_day: (1868, 1, 1),
        last_day: Some((1912, 7, 29)),
    },
    Era {
        name: "大正",
        first_year: 1912,
        first_day: (1912, 7, 30),
        last_day: Some((1926, 12, 24)),
    },
    Era {
        name: "昭和",
        first_year: 1926,
        first_day: (1926, 12, 25),
        last_day: Some((1989, 1, 7)),
    },
    Era {
        name: "平成",
        first_year: 1989,
        first_day: (1989, 1, 8),
        last_day: Some((2019, 4, 30)),
    },
    Era {
        name: "令和",
        first_year: 2019,
        first_day: (2019, 5, 1),
        last_day: None,
    },
];

// ---------------------------------------------------------------------------
// Scanner primitives: all take the folded chars and a char index, and return the index
// just past what they consumed. Every access goes through `get`, so no input can panic.
// ---------------------------------------------------------------------------

fn is_space(ch: char) -> bool {
    ch == ' ' // U+3000, NBSP and tab were folded to ' '
}

fn skip_spaces(c: &[char], mut i: usize) -> usize {
    while c.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    i
}

/// `c[i..]` starts with `word`: returns the index past it.
fn literal(c: &[char], i: usize, word: &str) -> Option<usize> {
    let mut j = i;
    for w in word.chars() {
        if c.get(j) != Some(&w) {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// Length of the run of ASCII digits starting at `i`.
fn ascii_run(c: &[char], i: usize) -> usize {
    c.get(i..).map_or(0, |rest| {
        rest.iter().take_while(|ch| ch.is_ascii_digit()).count()
    })
}

/// Value of the ASCII digits `c[i..i + len]`.
fn ascii_value(c: &[char], i: usize, len: usize) -> Option<u32> {
    c.get(i..i.checked_add(len)?)?
        .iter()
        .try_fold(0u32, |acc, ch| Some(acc * 10 + ch.to_digit(10)?))
}

fn kanji_digit(ch: char) -> Option<u32> {
    Some(match ch {
        '〇' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A kanji numeral: either with 十 (`十` = 10, `二十七` = 27, `三十一` = 31) or positional
/// (`二〇` = 20), the latter at most `max_digits` long. The whole run of numeral characters
/// must form the number, so `一二三四五` is not read as a prefix.
fn kanji_number(c: &[char], i: usize, max_digits: usize) -> Option<(usize, u32)> {
    let rest = c.get(i..)?;
    let len = rest
        .iter()
        .take_while(|&&ch| ch == '十' || kanji_digit(ch).is_some())
        .count();
    let run = rest.get(..len)?;
    let value = match run.iter().position(|&ch| ch == '十') {
        Some(p) => {
            // Tens and ones around 十 are 一..九; 〇 has no place there.
            let nonzero = |ch: &char| kanji_digit(*ch).filter(|&d| d > 0);
            let tens = match run.get(..p)? {
                [] => 1,
                [d] => nonzero(d)?,
                _ => return None,
            };
            let ones = match run.get(p + 1..)? {
                [] => 0,
                [d] => nonzero(d)?,
                _ => return None,
            };
            tens * 10 + ones
        }
        None if (1..=max_digits).contains(&len) => run
            .iter()
            .try_fold(0u32, |acc, &ch| Some(acc * 10 + kanji_digit(ch)?))?,
        None => return None,
    };
    Some((i + len, value))
}

/// A number of at most `max_digits` ASCII digits, or a kanji numeral.
fn number(c: &[char], i: usize, max_digits: usize) -> Option<(usize, u32)> {
    match ascii_run(c, i) {
        0 => kanji_number(c, i, max_digits),
        len if len <= max_digits => Some((i + len, ascii_value(c, i, len)?)),
        _ => None,
    }
}

/// An era year: `元` (= 1) or a number of up to three digits.
fn era_year(c: &[char], i: usize) -> Option<(usize, u32)> {
    if c.get(i) == Some(&'元') {
        return Some((i + 1, 1));
    }
    number(c, i, 3)
}

/// `number` + optional spaces + `unit` (年, 月 or 日).
fn number_with_unit(c: &[char], i: usize, max_digits: usize, unit: char) -> Option<(usize, u32)> {
    let (j, value) = number(c, i, max_digits)?;
    let j = skip_spaces(c, j);
    (c.get(j) == Some(&unit)).then_some((j + 1, value))
}

/// A weekday suffix such as `(金)`, `(金曜)` or `(金曜日)` after optional spaces.
fn weekday_suffix(c: &[char], i: usize) -> Option<(usize, u32)> {
    let j = skip_spaces(c, i);
    let j = skip_spaces(c, literal(c, j, "(")?);
    let day = match c.get(j)? {
        '日' => 0,
        '月' => 1,
        '火' => 2,
        '水' => 3,
        '木' => 4,
        '金' => 5,
        '土' => 6,
        _ => return None,
    };
    let mut j = j + 1;
    if let Some(k) = literal(c, j, "曜") {
        j = literal(c, k, "日").unwrap_or(k);
    }
    let j = skip_spaces(c, j);
    Some((literal(c, j, ")")?, day))
}

// ---------------------------------------------------------------------------
// Date grammar
// ---------------------------------------------------------------------------

/// A date as written, before any validation.
#[derive(Debug, Clone, Copy)]
struct RawDate {
    /// `None` for a Western year.
    era: Option<&'static Era>,
    /// The era year when `era` is set, otherwise the Western year.
    year: u32,
    month: u32,
    /// `None` for month precision.
    day: Option<u32>,
    /// Printed weekday, 0 = Sunday.
    weekday: Option<u32>,
}

/// The `M月[D日][(曜)]` tail shared by every 年月日 form.
#[derive(Debug, Clone, Copy)]
struct MonthDay {
    month: u32,
    day: Option<u32>,
    weekday: Option<u32>,
}

/// `M月`, then optionally `D日` and a weekday, with spaces allowed in between. If the day
/// part is malformed (`10月 1件`) the match ends after `月` with month precision.
fn month_day(c: &[char], i: usize) -> Option<(usize, MonthDay)> {
    let (after_month, month) = number_with_unit(c, skip_spaces(c, i), 2, '月')?;
    let day_start = skip_spaces(c, after_month);
    let Some((after_day, day)) = number_with_unit(c, day_start, 2, '日') else {
        let md = MonthDay {
            month,
            day: None,
            weekday: None,
        };
        return Some((after_month, md));
    };
    let (end, weekday) = match weekday_suffix(c, after_day) {
        Some((end, w)) => (end, Some(w)),
        None => (after_day, None),
    };
    let md = MonthDay {
        month,
        day: Some(day),
        weekday,
    };
    Some((end, md))
}

/// Any complete date starting exactly at `i`.
fn full_date(c: &[char], i: usize) -> Option<(usize, RawDate)> {
    era_date(c, i).or_else(|| western_date(c, i))
}

/// `令和7年3月14日`, `平成 元 年 5 月`, `平成二十七年十月一日`, …
fn era_date(c: &[char], i: usize) -> Option<(usize, RawDate)> {
    let (era, j) = ERAS
        .iter()
        .find_map(|era| literal(c, i, era.name).map(|j| (era, j)))?;
    let (j, year) = era_year(c, skip_spaces(c, j))?;
    let j = skip_spaces(c, j);
    let j = literal(c, j, "年")?;
    let (end, md) = month_day(c, j)?;
    Some((end, with_year(Some(era), year, md)))
}

fn with_year(era: Option<&'static Era>, year: u32, md: MonthDay) -> RawDate {
    RawDate {
        era,
        year,
        month: md.month,
        day: md.day,
        weekday: md.weekday,
    }
}

/// `2024年1月5日`, `2024年1月`, `2024/1/5`, `2024-01-05`, `2024.1.5`. The year must be
/// exactly four ASCII digits and must not continue a longer number.
fn western_date(c: &[char], i: usize) -> Option<(usize, RawDate)> {
    let preceded_by_digit = i
        .checked_sub(1)
        .and_then(|p| c.get(p))
        .is_some_and(char::is_ascii_digit);
    if preceded_by_digit || ascii_run(c, i) != 4 {
        return None;
    }
    let year = ascii_value(c, i, 4)?;
    let j = i + 4;
    let after_year = skip_spaces(c, j);
    if let Some(k) = literal(c, after_year, "年") {
        let (end, md) = month_day(c, k)?;
        return Some((end, with_year(None, year, md)));
    }
    numeric_date(c, j, year)
}

/// The `/1/5`, `-01-05` or `.1.5` part of a numeric Western date: one separator used
/// twice, 1–2 digit month and day, and no digit directly after the day.
fn numeric_date(c: &[char], j: usize, year: u32) -> Option<(usize, RawDate)> {
    let sep = *c.get(j).filter(|ch| matches!(ch, '/' | '-' | '.'))?;
    let month_len = ascii_run(c, j + 1);
    if !(1..=2).contains(&month_len) || c.get(j + 1 + month_len) != Some(&sep) {
        return None;
    }
    let day_at = j + 2 + month_len;
    let day_len = ascii_run(c, day_at);
    if !(1..=2).contains(&day_len) {
        return None;
    }
    let md = MonthDay {
        month: ascii_value(c, j + 1, month_len)?,
        day: Some(ascii_value(c, day_at, day_len)?),
        weekday: None,
    };
    let after_day = day_at + day_len;
    let (end, md) = match weekday_suffix(c, after_day) {
        Some((end, w)) => (
            end,
            MonthDay {
                weekday: Some(w),
                ..md
            },
        ),
        None => (after_day, md),
    };
    Some((end, with_year(None, year, md)))
}

/// The second half of a range, with missing parts filled in from the start.
#[derive(Debug, Clone, Copy)]
struct RangeEnd {
    date: RawDate,
    /// The end gave no year (`～4月14日`); such an end may roll over into the next year.
    year_implied: bool,
}

/// `～<end>` or `から<end>[まで]` right after a start date. The end may be a full date,
/// `[N年]M月[D日]` (era and/or year taken from the start), or, after `～` only, a bare `D日`.
/// Both ends must have the same precision, otherwise there is no range.
fn range_tail(c: &[char], i: usize, start: &RawDate) -> Option<(usize, RangeEnd)> {
    let j = skip_spaces(c, i);
    let (j, is_kara) = match literal(c, j, "~") {
        Some(j) => (j, false),
        None => (literal(c, j, "から")?, true),
    };
    let j = skip_spaces(c, j);
    let (end, range_end) = match full_date(c, j) {
        Some((end, date)) => (
            end,
            RangeEnd {
                date,
                year_implied: false,
            },
        ),
        None => partial_end(c, j, start, !is_kara)?,
    };
    if range_end.date.day.is_some() != start.day.is_some() {
        return None;
    }
    // `から … まで`: swallow the まで.
    let end = if is_kara {
        literal(c, skip_spaces(c, end), "まで").unwrap_or(end)
    } else {
        end
    };
    Some((end, range_end))
}

/// A range end that omits the era, the year, or the year and month.
fn partial_end(
    c: &[char],
    i: usize,
    start: &RawDate,
    allow_day_only: bool,
) -> Option<(usize, RangeEnd)> {
    // `8年5月1日`: the era comes from the start; a Western start needs a four-digit year,
    // which `full_date` would already have taken.
    if let Some((j, year)) =
        era_year(c, i).and_then(|(j, y)| literal(c, skip_spaces(c, j), "年").map(|j| (j, y)))
    {
        start.era?;
        let (end, md) = month_day(c, j)?;
        let date = with_year(start.era, year, md);
        let year_implied = false;
        return Some((end, RangeEnd { date, year_implied }));
    }
    if let Some((end, md)) = month_day(c, i) {
        let date = with_year(start.era, start.year, md);
        let year_implied = true;
        return Some((end, RangeEnd { date, year_implied }));
    }
    // `～20日`. Not after から: `3月14日から30日以内` is a duration, not a range.
    if !allow_day_only || start.day.is_none() {
        return None;
    }
    let (after_day, day) = number_with_unit(c, i, 2, '日')?;
    let (end, weekday) = match weekday_suffix(c, after_day) {
        Some((end, w)) => (end, Some(w)),
        None => (after_day, None),
    };
    let date = RawDate {
        day: Some(day),
        weekday,
        ..*start
    };
    let year_implied = false;
    Some((end, RangeEnd { date, year_implied }))
}

// ---------------------------------------------------------------------------
// Validation and conversion
// ---------------------------------------------------------------------------

fn problem(reason: String) -> DateProblem {
    DateProblem { reason }
}

/// A validated date: Gregorian year, month, and day (`None` for month precision).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Checked {
    year: i32,
    month: u32,
    day: Option<u32>,
}

impl Checked {
    fn iso(&self) -> String {
        match self.day {
            Some(d) => iso_day((self.year, self.month, d)),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }
}

/// Checks that the calendar date exists and lies within its era.
fn check(raw: &RawDate) -> Result<Checked, DateProblem> {
    let year = match raw.era {
        Some(era) if raw.year == 0 => {
            return Err(problem(format!("{}0年 does not exist", era.name)))
        }
        // Era years have at most three digits and Western years four, so neither the
        // conversion nor the addition can fail; checked anyway.
        Some(era) => i32::try_from(raw.year)
            .ok()
            .and_then(|y| (era.first_year - 1).checked_add(y)),
        None => i32::try_from(raw.year).ok(),
    }
    .ok_or_else(|| problem(format!("year {} is out of range", raw.year)))?;
    let month = raw.month;
    if !(1..=12).contains(&month) {
        return Err(problem(format!("{month}月 does not exist")));
    }
    if let Some(day) = raw.day {
        if day == 0 || day > days_in_month(year, month) {
            let reason = if month == 2 && day == 29 {
                format!("2月29日 does not exist in {year}")
            } else {
                format!("{month}月{day}日 does not exist")
            };
            return Err(problem(reason));
        }
    }
    if let Some(era) = raw.era {
        check_era(era, year, month, raw.day)?;
    }
    Ok(Checked {
        year,
        month,
        day: raw.day,
    })
}

/// A day must lie inside the era; a month only needs one of its days inside it.
fn check_era(era: &Era, year: i32, month: u32, day: Option<u32>) -> Result<(), DateProblem> {
    let (earliest, latest) = match day {
        Some(d) => ((year, month, d), (year, month, d)),
        None => ((year, month, 1), (year, month, days_in_month(year, month))),
    };
    if latest < era.first_day {
        return Err(problem(format!(
            "{} began on {}",
            era.name,
            iso_day(era.first_day)
        )));
    }
    match era.last_day {
        Some(end) if earliest > end => {
            Err(problem(format!("{} ended on {}", era.name, iso_day(end))))
        }
        _ => Ok(()),
    }
}

fn weekday_mismatch(raw: &RawDate, checked: &Checked) -> bool {
    match (raw.weekday, checked.day) {
        (Some(w), Some(d)) => w != weekday(checked.year, checked.month, d),
        _ => false,
    }
}

/// Converts a start date and an optional range end.
fn convert(start: &RawDate, end: Option<&RangeEnd>) -> Result<DateValue, DateProblem> {
    let first = check(start)?;
    let mut mismatch = weekday_mismatch(start, &first);
    let end_iso = match end {
        None => None,
        Some(range_end) => {
            let mut raw = range_end.date;
            let mut last =
                check(&raw).map_err(|p| problem(format!("end of range: {}", p.reason)))?;
            // `令和6年12月1日～1月31日` ends in the following January.
            if range_end.year_implied && last < first {
                raw.year = raw.year.saturating_add(1);
                last = check(&raw).map_err(|p| problem(format!("end of range: {}", p.reason)))?;
            }
            if last < first {
                return Err(problem("range ends before it starts".to_string()));
            }
            mismatch |= weekday_mismatch(&raw, &last);
            Some(last.iso())
        }
    };
    Ok(DateValue {
        iso: first.iso(),
        precision: if first.day.is_some() {
            Precision::Day
        } else {
            Precision::Month
        },
        end_iso,
        weekday_mismatch: mismatch,
    })
}

/// Scans `text` left to right, returning at most `limit` non-overlapping dates.
fn scan(text: &str, limit: usize) -> Vec<FoundDate> {
    let folded = Folded::new(text);
    let c = folded.chars.as_slice();
    let mut found = Vec::new();
    let mut i = 0;
    while i < c.len() && found.len() < limit {
        let Some((date_end, start)) = full_date(c, i) else {
            i += 1;
            continue;
        };
        let (end, range_end) = match range_tail(c, date_end, &start) {
            Some((end, range_end)) => (end, Some(range_end)),
            None => (date_end, None),
        };
        let (from, to) = (folded.offset(i), folded.offset(end));
        found.push(FoundDate {
            start: from,
            end: to,
            raw: text.get(from..to).unwrap_or_default().to_string(),
            result: convert(&start, range_end.as_ref()),
        });
        // Every match consumes at least one char; `max` guards the loop regardless.
        i = end.max(i + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Result<DateValue, DateProblem> {
        parse_whole(text)
            .unwrap_or_else(|| panic!("no whole date in {text:?}"))
            .result
    }

    fn iso(text: &str) -> String {
        match whole(text) {
            Ok(v) => v.iso,
            Err(p) => panic!("{text:?} is a problem: {}", p.reason),
        }
    }

    fn reason(text: &str) -> String {
        match whole(text) {
            Ok(v) => panic!("{text:?} converted to {}", v.iso),
            Err(p) => p.reason,
        }
    }

    #[test]
    fn reiwa_day() {
        let v = whole("令和7年12月26日").unwrap();
        assert_eq!(v.iso, "2025-12-26");
        assert_eq!(v.precision, Precision::Day);
        assert_eq!(v.end_iso, None);
        assert!(!v.weekday_mismatch);
    }

    #[test]
    fn month_precision_full_width_digit() {
        let v = whole("平成31年１月").unwrap();
        assert_eq!(v.iso, "2019-01");
        assert_eq!(v.precision, Precision::Month);
    }

    #[test]
    fn month_precision() {
        let v = whole("平成27年10月").unwrap();
        assert_eq!(v.iso, "2015-10");
        assert_eq!(v.precision, Precision::Month);
    }

    #[test]
    fn gannen() {
        assert_eq!(iso("令和元年5月1日"), "2019-05-01");
        assert_eq!(iso("平成元年1月8日"), "1989-01-08");
        assert_eq!(iso("昭和元年12月25日"), "1926-12-25");
    }

    #[test]
    fn kanji_numerals() {
        assert_eq!(iso("平成二十七年十月一日"), "2015-10-01");
        assert_eq!(iso("令和七年三月三十一日"), "2025-03-31");
        assert_eq!(iso("令和五年十二月十日"), "2023-12-10");
        assert_eq!(iso("令和二年十一月二十日"), "2020-11-20");
        assert_eq!(iso("平成三十年一〇月一日"), "2018-10-01");
        assert!(parse_whole("令和十十年1月1日").is_none());
        assert!(parse_whole("令和〇十年1月1日").is_none());
    }

    #[test]
    fn full_width_forms() {
        assert_eq!(iso("令和７年１２月２６日"), "2025-12-26");
        assert_eq!(iso("２０２４年１月５日"), "2024-01-05");
        let v = whole("令和７年３月１４日（金）～４月１４日（月）").unwrap();
        assert_eq!(v.iso, "2025-03-14");
        assert_eq!(v.end_iso.as_deref(), Some("2025-04-14"));
        assert!(!v.weekday_mismatch);
    }

    #[test]
    fn spaces_between_parts() {
        let found = parse_whole("令和3年 1月 1日 時点").unwrap();
        assert_eq!(found.result.unwrap().iso, "2021-01-01");
        assert_eq!(found.raw, "令和3年 1月 1日");
        assert_eq!(iso("令和 7 年 10 月 1 日"), "2025-10-01");
        assert_eq!(
            iso("令和\u{3000}7\u{3000}年\u{3000}10\u{3000}月\u{3000}1\u{3000}日"),
            "2025-10-01"
        );
        assert_eq!(iso("2024 年 1 月 5 日"), "2024-01-05");
    }

    #[test]
    fn parse_whole_suffixes_and_rejections() {
        assert_eq!(iso("  令和7年10月1日 時点  "), "2025-10-01");
        assert_eq!(iso("令和7年10月1日現在"), "2025-10-01");
        assert_eq!(iso("\u{3000}令和7年10月1日\u{3000}現在"), "2025-10-01");
        assert!(parse_whole("令和7年10月1日に公表").is_none());
        assert!(parse_whole("公表日 令和7年10月1日").is_none());
        assert!(parse_whole("令和7年10月1日 令和7年10月2日").is_none());
        assert!(parse_whole("").is_none());
        assert!(parse_whole("時点").is_none());
        let found = parse_whole(" 令和7年10月1日 時点").unwrap();
        assert_eq!((found.start, found.end), (1, 1 + "令和7年10月1日".len()));
    }

    #[test]
    fn range_with_weekdays() {
        let found = parse_whole("令和7年3月14日(金)～4月14日(月)").unwrap();
        assert_eq!(found.raw, "令和7年3月14日(金)～4月14日(月)");
        let v = found.result.unwrap();
        assert_eq!(v.iso, "2025-03-14");
        assert_eq!(v.end_iso.as_deref(), Some("2025-04-14"));
        assert!(!v.weekday_mismatch);
    }

    #[test]
    fn range_forms() {
        let end = |t: &str| whole(t).unwrap().end_iso.unwrap();
        assert_eq!(end("令和7年3月14日から令和7年4月14日まで"), "2025-04-14");
        assert_eq!(end("令和7年3月14日 から 4月14日 まで"), "2025-04-14");
        assert_eq!(end("令和7年3月14日～8年4月14日"), "2026-04-14");
        assert_eq!(end("令和7年3月14日~令和8年4月14日"), "2026-04-14");
        assert_eq!(end("令和7年3月14日〜20日"), "2025-03-20");
        assert_eq!(end("令和7年3月～5月"), "2025-05");
        assert_eq!(end("2024/1/5~2024/2/5"), "2024-02-05");
        assert_eq!(end("2024年1月5日～2月5日"), "2024-02-05");
        // An omitted year rolls over into the next year.
        assert_eq!(end("令和6年12月1日～1月31日"), "2025-01-31");
        // Crossing eras with an explicit era.
        assert_eq!(end("平成31年4月1日～令和元年5月31日"), "2019-05-31");
    }

    #[test]
    fn range_problems() {
        assert_eq!(
            reason("令和7年4月14日～令和7年3月14日"),
            "range ends before it starts"
        );
        assert_eq!(
            reason("令和7年3月14日～4月31日"),
            "end of range: 4月31日 does not exist"
        );
        assert_eq!(reason("令和7年3月14日～3日"), "range ends before it starts");
        // A bad start is a problem even though the range was consumed.
        let found = parse_whole("令和1年2月3日～2月5日").unwrap();
        assert!(found.result.is_err());
    }

    #[test]
    fn not_ranges() {
        // Open-ended: the tilde is not consumed.
        let found = first_date("令和7年3月14日～").unwrap();
        assert_eq!(found.raw, "令和7年3月14日");
        assert_eq!(found.result.unwrap().end_iso, None);
        // から followed by a duration.
        let found = first_date("令和7年3月14日から30日以内").unwrap();
        assert_eq!(found.raw, "令和7年3月14日");
        let found = first_date("令和7年3月14日から施行").unwrap();
        assert_eq!(found.raw, "令和7年3月14日");
        // Mixed precision: two separate dates.
        let all = find_dates("令和7年3月14日～令和7年5月");
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].result.as_ref().unwrap().iso, "2025-05");
    }

    #[test]
    fn weekday_mismatch_detected() {
        let v = whole("令和7年3月14日(月)").unwrap();
        assert_eq!(v.iso, "2025-03-14");
        assert!(v.weekday_mismatch);
        assert!(!whole("令和7年3月14日(金曜日)").unwrap().weekday_mismatch);
        assert!(!whole("令和7年3月14日 （金曜）").unwrap().weekday_mismatch);
        assert!(
            whole("令和7年3月14日(金)～4月14日(火)")
                .unwrap()
                .weekday_mismatch
        );
        assert!(!whole("2025/3/14(金)").unwrap().weekday_mismatch);
        assert!(!whole("令和7年3月16日(日)").unwrap().weekday_mismatch);
    }

    #[test]
    fn weekday_formula() {
        assert_eq!(weekday(2025, 3, 14), 5);
        assert_eq!(weekday(2025, 4, 14), 1);
        assert_eq!(weekday(2000, 1, 1), 6);
        assert_eq!(weekday(2024, 2, 29), 4);
        assert_eq!(weekday(1989, 1, 7), 6);
    }

    #[test]
    fn era_bounds() {
        assert_eq!(reason("令和1年2月3日"), "令和 began on 2019-05-01");
        assert_eq!(reason("平成31年5月1日"), "平成 ended on 2019-04-30");
        assert_eq!(iso("昭和64年1月7日"), "1989-01-07");
        assert_eq!(reason("昭和64年1月8日"), "昭和 ended on 1989-01-07");
        assert_eq!(reason("平成元年1月7日"), "平成 began on 1989-01-08");
        assert_eq!(iso("明治45年7月29日"), "1912-07-29");
        assert_eq!(reason("明治45年7月30日"), "明治 ended on 1912-07-29");
        assert_eq!(iso("大正元年7月30日"), "1912-07-30");
        assert_eq!(reason("大正15年12月25日"), "大正 ended on 1926-12-24");
        assert_eq!(iso("明治元年1月1日"), "1868-01-01");
        assert_eq!(reason("令和0年5月1日"), "令和0年 does not exist");
    }

    #[test]
    fn era_bounds_month_precision() {
        assert_eq!(reason("令和1年4月"), "令和 began on 2019-05-01");
        assert_eq!(iso("令和1年5月"), "2019-05");
        assert_eq!(iso("平成31年4月"), "2019-04");
        assert_eq!(reason("平成31年5月"), "平成 ended on 2019-04-30");
        assert_eq!(iso("昭和64年1月"), "1989-01");
        assert_eq!(iso("平成元年1月"), "1989-01");
    }

    #[test]
    fn impossible_calendar_dates() {
        assert_eq!(reason("令和5年2月30日"), "2月30日 does not exist");
        assert_eq!(reason("令和5年4月31日"), "4月31日 does not exist");
        assert_eq!(reason("令和5年13月1日"), "13月 does not exist");
        assert_eq!(reason("令和5年13月"), "13月 does not exist");
        assert_eq!(reason("令和5年0月"), "0月 does not exist");
        assert_eq!(reason("令和5年1月0日"), "1月0日 does not exist");
        assert_eq!(reason("2023/02/29"), "2月29日 does not exist in 2023");
    }

    #[test]
    fn leap_years() {
        assert_eq!(iso("2024年2月29日"), "2024-02-29");
        assert_eq!(reason("2023年2月29日"), "2月29日 does not exist in 2023");
        assert_eq!(iso("2000/2/29"), "2000-02-29");
        assert_eq!(reason("1900/2/29"), "2月29日 does not exist in 1900");
        assert_eq!(iso("令和2年2月29日"), "2020-02-29");
    }

    #[test]
    fn western_forms() {
        assert_eq!(iso("2024年1月5日"), "2024-01-05");
        let v = whole("2024年1月").unwrap();
        assert_eq!((v.iso.as_str(), v.precision), ("2024-01", Precision::Month));
        assert_eq!(iso("2024/1/5"), "2024-01-05");
        assert_eq!(iso("2024-01-05"), "2024-01-05");
        assert_eq!(iso("2024.1.5"), "2024-01-05");
        assert_eq!(iso("２０２４／１／５"), "2024-01-05");
    }

    #[test]
    fn western_rejections() {
        assert!(find_dates("24/1/5").is_empty());
        assert!(find_dates("12024/1/5").is_empty());
        assert!(find_dates("12024年1月5日").is_empty());
        assert!(find_dates("2024/1-5").is_empty());
        assert!(find_dates("2024/123/5").is_empty());
        assert!(find_dates("2024/1/567").is_empty());
        assert!(find_dates("2024/1").is_empty());
        assert!(find_dates("3年1月5日").is_empty());
        assert!(find_dates("電話 03-1234-5678").is_empty());
    }

    #[test]
    fn no_dates() {
        assert!(find_dates("").is_empty());
        assert!(find_dates("特定個人情報保護評価書（全項目評価書）").is_empty());
        assert!(find_dates("令和7年度").is_empty());
        assert!(find_dates("令和").is_empty());
        assert!(find_dates("令和7年").is_empty());
        assert!(find_dates("平成27年10").is_empty());
        assert!(find_dates("令和7年100月1日").is_empty());
        assert!(first_date("なし").is_none());
    }

    #[test]
    fn month_then_non_day() {
        let found = first_date("平成27年10月 1件").unwrap();
        assert_eq!(found.raw, "平成27年10月");
        assert_eq!(found.result.unwrap().precision, Precision::Month);
        let found = first_date("平成27年10月一部改正").unwrap();
        assert_eq!(found.raw, "平成27年10月");
    }

    #[test]
    fn two_dates_with_byte_ranges() {
        let text = "公表日：令和7年3月14日、改定日：2025/4/1(火)。";
        let all = find_dates(text);
        assert_eq!(all.len(), 2);
        let first = &all[0];
        assert_eq!(first.raw, "令和7年3月14日");
        assert_eq!(&text[first.start..first.end], "令和7年3月14日");
        assert_eq!(first.start, "公表日：".len());
        assert_eq!(first.result.as_ref().unwrap().iso, "2025-03-14");
        let second = &all[1];
        assert_eq!(second.raw, "2025/4/1(火)");
        assert_eq!(&text[second.start..second.end], "2025/4/1(火)");
        assert_eq!(second.start, "公表日：令和7年3月14日、改定日：".len());
        assert_eq!(second.end, text.len() - "。".len());
        assert!(!second.result.as_ref().unwrap().weekday_mismatch);
        assert_eq!(first_date(text).unwrap(), all[0]);
    }

    #[test]
    fn two_dates_separated_by_space() {
        let all = find_dates("平成29年6月20日 平成31年4月1日");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].result.as_ref().unwrap().iso, "2017-06-20");
        assert_eq!(all[1].result.as_ref().unwrap().iso, "2019-04-01");
        assert_eq!(all[0].raw, "平成29年6月20日");
        assert_eq!(all[1].raw, "平成31年4月1日");
        assert!(all[0].end < all[1].start);
    }

    #[test]
    fn problems_are_reported_in_place() {
        let all = find_dates("誤：令和1年2月3日 正：令和2年2月3日");
        assert_eq!(all.len(), 2);
        assert!(all[0].result.is_err());
        assert_eq!(all[0].raw, "令和1年2月3日");
        assert_eq!(all[1].result.as_ref().unwrap().iso, "2020-02-03");
    }

    /// Deterministic xorshift generator for the no-panic tests.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    fn exercise(text: &str) {
        let all = find_dates(text);
        let mut last_end = 0;
        for f in &all {
            assert!(f.start >= last_end && f.start < f.end && f.end <= text.len());
            assert_eq!(text.get(f.start..f.end), Some(f.raw.as_str()));
            last_end = f.end;
        }
        assert_eq!(first_date(text), all.first().cloned());
        let _ = parse_whole(text);
    }

    #[test]
    fn no_panic_on_prefixes_and_suffixes() {
        let tricky = [
            "令和7年3月14日(金)～4月14日(月)",
            "令和７年３月１４日（金曜日）〜令和８年４月１４日（火）まで",
            "平成二十七年十月一日から三十一日",
            "2024/1/5~2024/02/05(月) 2024-01-05 2024.1.5",
            "令和元年 5 月 1 日 時点　現在",
            "明治45年7月30日大正15年12月25日昭和64年1月8日",
            "令和〜～~から まで(日)（",
        ];
        for text in tricky {
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                exercise(&text[..i]);
                exercise(&text[i..]);
            }
        }
    }

    #[test]
    fn no_panic_on_random_input() {
        let alphabet: Vec<char> = "令和平成昭和大正明治元年月日曜金土()（）~～〜から まで時点現在\u{3000}0123456789０９/-.十二〇一九"
            .chars()
            .collect();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let len = (rng.next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect();
            exercise(&text);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            exercise(&String::from_utf8_lossy(&bytes));
        }
    }
}
