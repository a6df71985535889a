//! Text in hot paths: keys, labels, parsing, formatting.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::{CString, OsStr, OsString};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::harness::{Case, Expect, case, run_case};
use super::support::StackStr;

// ---- allocating, written in the body ----

pub fn metric_key_format(name: &str, shard: u32) -> String {
    format!("{name}.{shard}")
}

pub fn id_text_len(id: u64) -> usize {
    let text = id.to_string();
    text.len()
}

pub fn owned_name(name: &str) -> String {
    name.to_owned()
}

pub fn string_from_name(name: &str) -> String {
    String::from(name)
}

pub fn join_tags(tags: &[&str]) -> String {
    tags.join(",")
}

pub fn concat_parts(parts: &[&str]) -> String {
    parts.concat()
}

pub fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

pub fn reversed(word: &str) -> String {
    word.chars().rev().collect::<String>()
}

pub fn decode_utf16(units: &[u16]) -> Option<String> {
    String::from_utf16(units).ok()
}

pub fn decode_utf16_lossy(units: &[u16]) -> String {
    String::from_utf16_lossy(units)
}

pub fn line_buffer(capacity: usize) -> String {
    String::with_capacity(capacity)
}

pub fn is_ready(state: &str) -> bool {
    state == "ready".to_string()
}

pub fn status_is_success(status: u16) -> bool {
    matches!(status.to_string().as_str(), "200" | "204")
}

pub fn trimmed_owned(line: &str) -> String {
    line.trim().to_owned()
}

pub fn char_text(c: char) -> String {
    c.to_string()
}

pub fn optional_name(name: Option<&str>) -> Option<String> {
    name.map(ToString::to_string)
}

pub fn name_or_empty(name: Option<&str>) -> String {
    name.map(String::from).unwrap_or_default()
}

pub fn temp_name(base: &str) -> String {
    base.to_owned() + ".tmp"
}

pub fn format_gain_db(gain: f64) -> String {
    format!("{:+.1} dB", 20.0 * gain.log10())
}

pub fn lookup_or_panic(map: &HashMap<u32, f32>, key: u32) -> f32 {
    *map.get(&key).expect(&format!("no parameter {key}"))
}

pub fn lookup_or_error(map: &HashMap<u32, f32>, key: u32) -> Result<f32, String> {
    map.get(&key).copied().ok_or(format!("no parameter {key}"))
}

pub fn lookup_or_else_error(map: &HashMap<u32, f32>, key: u32) -> Result<f32, String> {
    map.get(&key)
        .copied()
        .ok_or_else(|| format!("no parameter {key}"))
}

pub fn cstring_literal() -> CString {
    CString::new("audio-thread").unwrap()
}

pub fn join_path(dir: &Path, file: &str) -> PathBuf {
    dir.join(file)
}

pub fn os_string_copy(name: &OsStr) -> OsString {
    name.to_os_string()
}

pub fn path_buf_copy(path: &Path) -> PathBuf {
    path.to_path_buf()
}

pub fn path_from_literal() -> PathBuf {
    PathBuf::from("/var/run/mixer.sock")
}

pub fn std_format_path(id: u32) -> String {
    std::format!("{id:08x}")
}

pub fn chars_to_string(word: &str) -> String {
    String::from_iter(word.chars().filter(|c| c.is_alphanumeric()))
}

// ---- allocating, but only through growth, conversion or unlisted methods ----

pub fn replace_separators(path: &str) -> String {
    path.replace('\\', "/")
}

pub fn shout(word: &str) -> String {
    word.to_ascii_uppercase()
}

pub fn lowercase_key(key: &str) -> String {
    key.to_lowercase()
}

pub fn into_owned_string(name: &str) -> String {
    name.into()
}

pub fn build_line(parts: &[&str]) -> String {
    let mut line = String::new();
    for part in parts {
        line.push_str(part);
        line.push(' ');
    }
    line
}

pub fn lossy_owned(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn first_word_owned(line: &str) -> Option<String> {
    line.split_whitespace().next().map(str::to_owned)
}

pub fn append_extension(path: String) -> String {
    path + ".wav"
}

pub fn cstring_from_name(name: &str) -> Option<CString> {
    CString::new(name).ok()
}

pub fn path_from_str(dir: &str) -> PathBuf {
    PathBuf::from(dir)
}

pub fn write_into_new(value: u32) -> String {
    let mut out = String::new();
    write!(out, "{value}").unwrap();
    out
}

pub fn escape_quotes(text: &str) -> Cow<'_, str> {
    if text.contains('"') {
        Cow::Owned(text.replace('"', "\\\""))
    } else {
        Cow::Borrowed(text)
    }
}

// ---- not allocating ----

pub fn empty_to_string() -> String {
    "".to_string()
}

pub fn empty_format() -> String {
    format!("")
}

pub fn empty_string_from() -> String {
    String::from("")
}

pub fn string_new() -> String {
    String::new()
}

pub fn string_with_capacity_zero() -> String {
    String::with_capacity(0)
}

pub fn parse_pair(line: &str) -> Option<(u32, f32)> {
    let (key, value) = line.split_once('=')?;
    Some((key.trim().parse().ok()?, value.trim().parse().ok()?))
}

pub fn lower_char(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

pub fn borrowed_cow(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

pub fn lossy_len(bytes: &[u8]) -> usize {
    String::from_utf8_lossy(bytes).len()
}

pub fn write_into_reserved(out: &mut String, value: u32) -> usize {
    out.clear();
    write!(out, "value={value}").unwrap();
    out.len()
}

pub fn format_args_to_stack(value: f32) -> usize {
    let mut buf = StackStr::<32>::new();
    let _ = buf.write_fmt(format_args!("v={value:.3}"));
    buf.len()
}

pub fn first_id(ids: &[u64]) -> Option<u64> {
    let id = ids.first()?.to_owned();
    Some(id)
}

pub fn clone_static(name: &'static str) -> &'static str {
    name.clone()
}

pub fn bus_name() -> &'static str {
    concat!("mix", "-", "bus")
}

pub fn string_from_bytes(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

pub fn boxed_str_exact(text: String) -> Box<str> {
    text.into_boxed_str()
}

pub fn copy_name_into(dst: &mut String, src: &str) {
    dst.clear();
    dst.push_str(src);
}

pub fn clone_into_reserved(dst: &mut String, src: &String) {
    dst.clone_from(src);
}

fn params() -> HashMap<u32, f32> {
    HashMap::from([(1, 0.5), (2, 0.25), (3, 1.0)])
}

fn reserved(capacity: usize) -> String {
    String::with_capacity(capacity)
}

pub const CASES: &[Case] = &[
    case!(metric_key_format, Body, [("latency", 3u32)], |(n, s)| {
        metric_key_format(n, *s)
    }),
    case!(id_text_len, Body, [123_456u64], |id| id_text_len(*id)),
    case!(owned_name, Body, ["osc-1"], |n| owned_name(n)),
    case!(string_from_name, Body, ["osc-1"], |n| string_from_name(n)),
    case!(join_tags, Body, [vec!["a", "b", "c"]], |t| join_tags(t)),
    case!(concat_parts, Body, [vec!["ab", "cd"]], |p| concat_parts(p)),
    case!(indent, Body, [3usize], |d| indent(*d)),
    case!(reversed, Body, ["stressed"], |w| reversed(w)),
    case!(decode_utf16, Body, [vec![104u16, 105]], |u| decode_utf16(u)),
    case!(decode_utf16_lossy, Body, [vec![104u16, 105]], |u| {
        decode_utf16_lossy(u)
    }),
    case!(line_buffer, Body, [128usize], |c| line_buffer(*c)),
    case!(is_ready, Body, ["ready"], |s| is_ready(s)),
    case!(status_is_success, Body, [200u16], |s| status_is_success(*s)),
    case!(trimmed_owned, Body, ["  gain  "], |l| trimmed_owned(l)),
    case!(char_text, Body, ['x'], |c| char_text(*c)),
    case!(optional_name, Body, [Some("lfo")], |n| optional_name(*n)),
    case!(name_or_empty, Body, [Some("lfo")], |n| name_or_empty(*n)),
    case!(temp_name, Body, ["take-1"], |b| temp_name(b)),
    case!(format_gain_db, Body, [0.5f64], |g| format_gain_db(*g)),
    case!(lookup_or_panic, Body, [(params(), 2u32)], |(m, k)| {
        lookup_or_panic(m, *k)
    }),
    case!(lookup_or_error, Body, [(params(), 2u32)], |(m, k)| {
        lookup_or_error(m, *k)
    }),
    case!(
        lookup_or_else_error,
        Body,
        [(params(), 2u32), (params(), 9u32)],
        |(m, k)| { lookup_or_else_error(m, *k) }
    ),
    case!(cstring_literal, Body, [()], |()| cstring_literal()),
    case!(join_path, Body, [(PathBuf::from("/tmp"), "a.wav")], |(
        d,
        f,
    )| {
        join_path(d, f)
    }),
    case!(os_string_copy, Body, [OsString::from("eth0")], |n| {
        os_string_copy(n)
    }),
    case!(path_buf_copy, Body, [PathBuf::from("/tmp/a")], |p| {
        path_buf_copy(p)
    }),
    case!(path_from_literal, Body, [()], |()| path_from_literal()),
    case!(std_format_path, Body, [0xbeefu32], |i| std_format_path(*i)),
    case!(chars_to_string, Body, ["a-b_c"], |w| chars_to_string(w)),
    case!(replace_separators, Body, [r"C:\audio\take.wav"], |p| {
        replace_separators(p)
    }),
    case!(shout, Body, ["gain"], |w| shout(w)),
    case!(lowercase_key, Body, ["Gain"], |k| lowercase_key(k)),
    case!(into_owned_string, Body, ["gain"], |n| into_owned_string(n)),
    case!(build_line, Body, [vec!["set", "gain", "0.5"]], |p| {
        build_line(p)
    }),
    case!(lossy_owned, Body, [b"valid utf-8".to_vec()], |b| {
        lossy_owned(b)
    }),
    case!(first_word_owned, Body, ["set gain 0.5"], |l| {
        first_word_owned(l)
    }),
    case!(
        append_extension,
        Body,
        [String::from("take-1"), reserved(32)],
        |p| { append_extension(std::mem::take(p)) }
    ),
    case!(cstring_from_name, Body, ["audio-thread"], |n| {
        cstring_from_name(n)
    }),
    case!(path_from_str, Body, ["/tmp/session"], |d| path_from_str(d)),
    case!(write_into_new, Body, [42u32], |v| write_into_new(*v)),
    case!(escape_quotes, Body, ["plain text", "say \"hi\""], |t| {
        escape_quotes(t).len()
    }),
    case!(empty_to_string, Nothing, [()], |()| empty_to_string()),
    case!(empty_format, Nothing, [()], |()| empty_format()),
    case!(empty_string_from, Nothing, [()], |()| empty_string_from()),
    case!(string_new, Nothing, [()], |()| string_new()),
    case!(string_with_capacity_zero, Nothing, [()], |()| {
        string_with_capacity_zero()
    }),
    case!(parse_pair, Nothing, ["3 = 0.75"], |l| parse_pair(l)),
    case!(lower_char, Nothing, ['Q'], |c| lower_char(*c)),
    case!(borrowed_cow, Nothing, ["gain"], |t| borrowed_cow(t).len()),
    case!(
        lossy_len,
        Nothing,
        [b"valid utf-8".to_vec()],
        |b| lossy_len(b)
    ),
    case!(write_into_reserved, Nothing, [reserved(64)], |o| {
        write_into_reserved(o, 42)
    }),
    case!(format_args_to_stack, Nothing, [0.125f32], |v| {
        format_args_to_stack(*v)
    }),
    case!(first_id, Nothing, [vec![7u64, 8, 9]], |ids| first_id(ids)),
    case!(clone_static, Nothing, ["gain"], |n| clone_static(n)),
    case!(bus_name, Nothing, [()], |()| bus_name()),
    case!(string_from_bytes, Nothing, [b"gain".to_vec()], |b| {
        string_from_bytes(std::mem::take(b))
    }),
    case!(boxed_str_exact, Nothing, [String::from("gain")], |t| {
        boxed_str_exact(std::mem::take(t))
    }),
    case!(
        copy_name_into,
        Nothing,
        [(reserved(32), "oscillator")],
        |(d, s)| { copy_name_into(d, s) }
    ),
    case!(
        clone_into_reserved,
        Nothing,
        [(reserved(32), String::from("oscillator"))],
        |(d, s)| { clone_into_reserved(d, s) }
    ),
];
