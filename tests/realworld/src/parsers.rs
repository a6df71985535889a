//! Parsing control messages in place: httparse and nom. Borrowing parsers
//! do not allocate; nom's collecting combinators build a `Vec` inside nom.

use nom::bytes::complete::{tag, take, take_while1};
use nom::character::complete::{alpha1, char, digit1, space0, u32 as decimal};
use nom::combinator::{opt, recognize};
use nom::multi::{count, fold_many0, many0, separated_list1};
use nom::sequence::{delimited, preceded, separated_pair};
use nom::{IResult, Parser};

use super::harness::{Case, Expect, case, run_case};
use super::support::{REQUEST, RESPONSE};

// ---- not allocating ----

pub fn request_path(buf: &[u8]) -> Option<usize> {
    let mut headers = [httparse::EMPTY_HEADER; 16];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(buf) {
        Ok(httparse::Status::Complete(_)) => request.path.map(str::len),
        _ => None,
    }
}

pub fn response_status(buf: &[u8]) -> Option<u16> {
    let mut headers = [httparse::EMPTY_HEADER; 8];
    let mut response = httparse::Response::new(&mut headers);
    match response.parse(buf) {
        Ok(httparse::Status::Complete(_)) => response.code,
        _ => None,
    }
}

pub fn header_value<'a>(buf: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let mut headers = [httparse::EMPTY_HEADER; 16];
    let mut request = httparse::Request::new(&mut headers);
    request.parse(buf).ok()?;
    let found = request
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))?;
    Some(found.value)
}

pub fn key_value(input: &str) -> IResult<&str, (&str, u32)> {
    separated_pair(alpha1, delimited(space0, char('='), space0), decimal).parse(input)
}

pub fn sum_list(input: &str) -> IResult<&str, u64> {
    fold_many0(
        preceded(opt(char(',')), decimal),
        || 0u64,
        |acc, n| acc + u64::from(n),
    )
    .parse(input)
}

pub fn digits_run(input: &str) -> IResult<&str, &str> {
    recognize(many0(preceded(opt(char('_')), digit1))).parse(input)
}

pub fn osc_address(input: &str) -> IResult<&str, &str> {
    preceded(
        tag("/"),
        take_while1(|c: char| c.is_ascii_alphanumeric() || c == '/'),
    )
    .parse(input)
}

// ---- allocating, written in the body ----

pub fn owned_headers(buf: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut headers = [httparse::EMPTY_HEADER; 16];
    let mut request = httparse::Request::new(&mut headers);
    let _ = request.parse(buf);
    request
        .headers
        .iter()
        .map(|h| (h.name.to_owned(), h.value.to_vec()))
        .collect()
}

/// Allocates only when the input does not parse.
pub fn parse_error_text(input: &str) -> Option<String> {
    match key_value(input) {
        Ok(_) => None,
        Err(e) => Some(e.to_string()),
    }
}

// ---- allocating inside the dependency ----

pub fn number_list(input: &str) -> IResult<&str, Vec<u32>> {
    separated_list1(char(','), decimal).parse(input)
}

pub fn words(input: &str) -> IResult<&str, Vec<&str>> {
    many0(delimited(space0, alpha1, space0)).parse(input)
}

pub fn fixed_fields(input: &[u8]) -> IResult<&[u8], Vec<&[u8]>> {
    count(take(4usize), 3).parse(input)
}

pub const CASES: &[Case] = &[
    case!(request_path, Nothing, [REQUEST], |b| request_path(b)),
    case!(response_status, Nothing, [RESPONSE], |b| response_status(b)),
    case!(header_value, Nothing, [REQUEST], |b| header_value(
        b, "accept"
    )
    .map(<[u8]>::len)),
    case!(key_value, Nothing, ["gain = 42"], |t| key_value(t).is_ok()),
    case!(sum_list, Nothing, ["1,2,3,40,500"], |t| sum_list(t).is_ok()),
    case!(digits_run, Nothing, ["48_000 Hz"], |t| digits_run(t)
        .is_ok()),
    case!(osc_address, Nothing, ["/mixer/bus/1/gain ,f"], |t| {
        osc_address(t).is_ok()
    }),
    case!(owned_headers, Body, [REQUEST], |b| owned_headers(b)),
    case!(parse_error_text, Body, ["gain = 42", "= 42"], |t| {
        parse_error_text(t)
    }),
    case!(number_list, Dependency, ["1,2,3,40,500"], |t| number_list(
        t
    )),
    case!(fixed_fields, Dependency, [&b"RIFFWAVEfmt data"[..]], |b| {
        fixed_fields(b)
    }),
    case!(words, Dependency, ["attack decay sustain release"], |t| {
        words(t)
    }),
];
